"""Account flows: registration, verification, login, tokens, password reset and change.

Each function is one state change and names the rule it enforces. Views parse input and call one of
these; nothing here knows about HTTP beyond raising `ApplicationError` or DRF's authentication errors.
"""

import uuid

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.models import update_last_login
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework.exceptions import AuthenticationFailed
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken, Token

from accounts.models import LoginSession, User, normalize_email
from accounts.sessions import (
    access_token_deny,
    session_token_pair,
    sessions_revoke,
    token_session_id,
    user_sessions_revoke,
)
from accounts.signals import sessions_ended
from accounts.tasks import password_reset_request_task, verification_email_resend_task, verification_email_task
from accounts.tokens import password_reset_token_user, verification_token_user
from core.aftercommit import run_after_commit
from core.exceptions import INVALID_INPUT, ApplicationError

EMAIL_TAKEN = "Email already registered."
INVALID_CREDENTIALS = "Invalid credentials."
INVALID_TOKEN = "Invalid or expired token."
INVALID_REFRESH = "Token is invalid or expired."


def user_register(*, full_name: str, email: str, password: str, phone_number: str = "") -> User:
    """One account per email, compared in its canonical spelling. Sends the verification email once
    the account is committed. `phone_number` is optional, already in E.164."""
    email = normalize_email(email)
    full_name = full_name.strip()
    password_strength_check(password=password, user=User(email=email, full_name=full_name), field="password")
    if User.objects.with_email(email).exists():
        raise ApplicationError(EMAIL_TAKEN, errors={"email": [EMAIL_TAKEN]})
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                email=email, password=password, full_name=full_name, phone_number=phone_number
            )
    except IntegrityError:  # a concurrent registration of the same email won the race
        raise ApplicationError(EMAIL_TAKEN, errors={"email": [EMAIL_TAKEN]}) from None
    run_after_commit(verification_email_task.delay, str(user.pk))
    return user


def email_verify(*, token: str) -> User:
    user = verification_token_user(token)
    if user is None:
        raise ApplicationError(INVALID_TOKEN)
    if not user.email_verified:
        user.email_verified = True
        user.save(update_fields=["email_verified", "updated_at"])
    return user


def verification_email_resend(*, email: str) -> None:
    """Sends a new link to an unverified account. Says nothing about whether the account exists,
    not even by its timing: the lookup happens in the worker, as for a password reset."""
    run_after_commit(verification_email_resend_task.delay, normalize_email(email))


def user_login(*, request, email: str, password: str) -> User:
    """Unknown email, wrong password and inactive account are the same 401, in the same time
    (Django's ModelBackend hashes the password even for unknown emails)."""
    user = authenticate(request, email=normalize_email(email), password=password)
    if user is None:
        raise AuthenticationFailed(INVALID_CREDENTIALS)
    if settings.REQUIRE_EMAIL_VERIFICATION and not user.email_verified:
        raise ApplicationError("Email not verified.", status=403)
    update_last_login(None, user)
    return user


def token_pair_issue(*, user: User) -> dict[str, str]:
    """A login: a new session and its first token pair."""
    return session_token_pair(user=user, session=LoginSession(user=user))


class _PresentedRefreshToken(RefreshToken):
    """Verified like any refresh token (signature, expiry, type) except for the blacklist: whether it
    was already used is the next question `token_refresh` asks, and a used one is not just refused."""

    def check_blacklist(self) -> None:
        return None


def _signed_refresh(raw: str) -> RefreshToken:
    try:
        return _PresentedRefreshToken(raw)
    except TokenError:
        raise AuthenticationFailed(INVALID_REFRESH) from None


def token_refresh(*, refresh: str) -> dict[str, str]:
    """Rotation: a refresh token buys one new pair of the same session and is blacklisted. The row
    lock makes two concurrent uses of the same token succeed at most once.

    Reuse: a refresh token that was already rotated (or logged out) presented again means two
    parties hold the session, the user and a thief, and we cannot tell which is which, so the whole
    session is revoked (RFC 9700 §4.14.2): every refresh and access token descended from that login
    stops working and the user logs in again. The revocation commits although the answer is a 401.
    """
    token = _signed_refresh(refresh)
    with transaction.atomic():
        pair = _refresh_rotate(token)
    if pair is None:
        raise AuthenticationFailed(INVALID_REFRESH)
    return pair


def _refresh_rotate(token: RefreshToken) -> dict[str, str] | None:
    # order_by(): the model orders by user, an outer join that FOR UPDATE cannot lock.
    outstanding = OutstandingToken.objects.select_for_update().filter(jti=token["jti"]).order_by().first()
    if outstanding is None:
        return None
    session_id = token_session_id(token)
    session = LoginSession.objects.select_for_update().filter(pk=session_id).first() if session_id else None
    if BlacklistedToken.objects.filter(token=outstanding).exists():
        if session is not None and session.revoked_at is None:
            sessions_revoke(session_ids=[session.pk])
            run_after_commit(sessions_ended.send, sender=User, user_id=session.user_id, jti=None)
        return None
    if session is not None and session.revoked_at is not None:
        return None
    user = User.objects.filter(pk=token["user_id"], is_active=True).first()
    if user is None:
        return None
    BlacklistedToken.objects.create(token=outstanding)
    if session is None:  # a token from before sessions existed: it starts one
        session = LoginSession(user=user)
    return session_token_pair(user=user, session=session)


@transaction.atomic
def session_logout(*, refresh: str, access: Token | None = None) -> None:
    """Logout ends the session: this refresh token can never be used again, nor any token of its
    session, nor the access token presented with it (ASVS 5.0 7.4.1), which is denied until it
    would have expired. Listeners of `sessions_ended` (open sockets) hear of it once committed."""
    try:
        token = RefreshToken(refresh)  # checks signature, expiry, type and the blacklist
    except TokenError:
        raise AuthenticationFailed(INVALID_REFRESH) from None
    token.blacklist()
    session_id = token_session_id(token)
    sessions_revoke(session_ids=[session_id] if session_id else [])
    jti = None
    if access is not None and str(access.get("user_id")) == str(token["user_id"]):
        access_token_deny(access)
        jti = access["jti"]
    if jti is not None or session_id is not None:
        run_after_commit(sessions_ended.send, sender=User, user_id=uuid.UUID(str(token["user_id"])), jti=jti)


def user_refresh_tokens_revoke(*, user: User) -> None:
    """Blacklists every live refresh token of the user and ends every session (after a password
    reset or change). Access tokens die too: they carry a fingerprint of the old password hash."""
    live = OutstandingToken.objects.filter(user=user, expires_at__gt=timezone.now(), blacklistedtoken__isnull=True)
    BlacklistedToken.objects.bulk_create([BlacklistedToken(token=t) for t in live], ignore_conflicts=True)
    user_sessions_revoke(user=user)
    run_after_commit(sessions_ended.send, sender=User, user_id=user.pk, jti=None)


def password_reset_request(*, email: str) -> None:
    """Emails a reset link to an active account. The answer is the same whether it exists or not,
    and so is the work the request does, so it takes the same time: it only queues the address;
    the lookup and the email happen in the worker (`password_reset_request_task`)."""
    run_after_commit(password_reset_request_task.delay, normalize_email(email))


@transaction.atomic
def password_reset_confirm(*, token: str, new_password: str) -> User:
    """The token works once: setting the password changes the hash it was signed over."""
    user = password_reset_token_user(token)
    if user is None:
        raise ApplicationError(INVALID_TOKEN)
    _password_set(user=user, password=new_password)
    return user


@transaction.atomic
def password_change(*, user: User, current_password: str, new_password: str) -> None:
    if not user.check_password(current_password):
        message = "Current password is incorrect."
        raise ApplicationError(message, errors={"current_password": [message]})
    _password_set(user=user, password=new_password)


def password_strength_check(*, password: str, user: User, field: str = "new_password") -> None:
    """Every new password (registration, reset, change) passes Django's validators, similarity to
    this user's name and email included; refused as `Invalid input data.` with the validators'
    messages under `field`."""
    try:
        validate_password(password, user=user)
    except DjangoValidationError as error:
        raise ApplicationError(INVALID_INPUT, errors={field: list(error.messages)}) from None


def _password_set(*, user: User, password: str) -> None:
    """A new password is strong enough, and setting it ends every session the user had."""
    password_strength_check(password=password, user=user)
    user.set_password(password)
    user.save(update_fields=["password", "updated_at"])
    user_refresh_tokens_revoke(user=user)


def user_profile_update(
    *,
    user: User,
    full_name: str | None = None,
    unread_message_emails: bool | None = None,
    bio: str | None = None,
    photo_url: str | None = None,
    subjects: list[str] | None = None,
    phone_number: str | None = None,
) -> User:
    """The name and the unread-message email choice are the user's to change; email and role are
    not. Rule: the directory profile (`bio`, `photo_url`, `subjects`) is a tutor's only; anyone
    else's is ignored, like any other read-only field."""
    changes = {"full_name": full_name.strip() if full_name is not None else None}
    changes["unread_message_emails"] = unread_message_emails
    changes["phone_number"] = phone_number  # already E.164 or "" (the serializer)
    if user.is_tutor:
        changes.update(bio=bio.strip() if bio is not None else None, photo_url=photo_url, subjects=subjects)
    changes = {field: value for field, value in changes.items() if value is not None}
    if not changes:
        return user
    for field, value in changes.items():
        setattr(user, field, value)
    user.save(update_fields=[*changes, "updated_at"])
    return user
