import uuid

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.core.validators import URLValidator
from django.db import models
from django.db.models.functions import Lower
from django.db.models.lookups import Exact

from accounts.email_rules import CanonicalEmailField, email_canonical
from accounts.phone_numbers import E164_PATTERN, validate_phone_number

TUTOR_BIO_MAX_LENGTH = 2000


class Role(models.TextChoices):
    USER = "user", "Student"
    TUTOR = "tutor", "Tutor"
    ADMIN = "admin", "Admin"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, email):
        return self.with_email(email).get()

    def with_email(self, email: str):
        """The account with this email, compared case-insensitively: `lower(email) = lower(value)`,
        which the case-insensitive unique index answers (`email__iexact` compares UPPER() values
        and reads the whole table: 3.5 ms per login at 10,000 users against 0.15 ms)."""
        return self.filter(Exact(Lower("email"), normalize_email(email)))

    def create_user(self, email, password=None, **fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=normalize_email(email), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.setdefault("full_name", "Administrator")
        fields["role"] = Role.ADMIN
        fields.setdefault("email_verified", True)
        return self.create_user(email, password, **fields)


def normalize_email(email: str) -> str:
    """Emails are stored in one canonical spelling (NFC, lower case; `accounts.email_rules`):
    `A@X.com` and `a@x.com`, `café` composed and decomposed, are the same account."""
    return email_canonical(email)


class User(AbstractBaseUser):
    """A person at the school. The email is the login; `role` decides what they may do.

    Staff access to the Django admin site follows the role (`admin`), so the two never disagree.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Canonical spelling on every write; Cf characters and look-alikes refused (accounts.email_rules).
    email = CanonicalEmailField(unique=True, max_length=254)
    full_name = models.CharField(max_length=150)
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.USER, db_index=True)
    email_verified = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optional, E.164 (accounts.phone_numbers); "" for none.
    phone_number = models.CharField(max_length=16, blank=True, default="", validators=[validate_phone_number])
    # A tutor's public profile (the directory, GET /api/tutors/); a tutor edits it at users/me.
    bio = models.TextField(blank=True, default="", max_length=TUTOR_BIO_MAX_LENGTH)
    photo_url = models.URLField(
        blank=True, default="", max_length=500, validators=[URLValidator(schemes=["http", "https"])]
    )
    subjects = models.JSONField(default=list, blank=True, help_text='Exams and subjects covered, e.g. ["NCLEX-RN"].')
    # A student's tutor, set by an admin through `tutors.services.tutor_assign` (which records it).
    tutor = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="students",
        limit_choices_to={"role": Role.TUTOR},
    )
    # The digest of unread messages (messaging.tasks); a user opts out at users/me.
    unread_message_emails = models.BooleanField(default=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="accounts_user_role_valid"),
            models.CheckConstraint(condition=~models.Q(full_name=""), name="accounts_user_full_name_not_blank"),
            models.CheckConstraint(
                condition=models.Q(phone_number="") | models.Q(phone_number__regex=E164_PATTERN),
                name="accounts_user_phone_number_e164",
            ),
            models.CheckConstraint(condition=~models.Q(tutor=models.F("pk")), name="accounts_user_not_own_tutor"),
        ]

    def __str__(self):
        return self.email

    def clean(self):
        super().clean()
        self.email = normalize_email(self.email)

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_tutor(self) -> bool:
        return self.role == Role.TUTOR

    # The Django admin site asks these; they follow the role.
    @property
    def is_staff(self) -> bool:
        return self.is_admin

    @property
    def is_superuser(self) -> bool:
        return self.is_admin

    def has_perm(self, perm, obj=None) -> bool:
        return self.is_active and self.is_admin

    def has_module_perms(self, app_label) -> bool:
        return self.is_active and self.is_admin


class LoginSession(models.Model):
    """One login and every token descended from it by refresh rotation (the tokens' `sid` claim).

    Revoked at logout, at a password change or reset, and when a rotated refresh token is presented
    again (RFC 9700 §4.14.2: the thief's copy and the user's current one then both stop working).
    A revoked session's refresh tokens are refused here; its access tokens through the shared cache
    (see `accounts.sessions`). Once its newest refresh token has expired (`expires_at`) no token of
    the session is valid, and the nightly `accounts.tasks.sessions_prune_task` deletes it.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="login_sessions")
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # When the session's newest refresh token expires (set with every pair it issues); null for a
    # session whose pairs were issued before this was recorded.
    expires_at = models.DateTimeField(null=True, blank=True, db_index=True)

    def __str__(self):
        return f"{self.user_id} {self.created_at:%Y-%m-%d %H:%M}"
