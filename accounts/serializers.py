from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator
from rest_framework import serializers

from accounts.email_rules import validate_account_email
from accounts.models import User
from accounts.phone_numbers import phone_number_e164

PASSWORDS_DIFFER = "Passwords do not match."


class PhoneNumberField(serializers.CharField):
    """An optional phone number in international format, answered and stored in E.164
    (`+234 801 234 5678` becomes `+2348012345678`); blank clears it, a bad one is a 400 naming the field."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_blank", True)
        kwargs.setdefault("help_text", "E.164, e.g. +2348012345678; empty for none.")
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        try:
            return phone_number_e164(super().to_internal_value(data))
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None


class UserTutorSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    full_name = serializers.CharField(read_only=True)


class UserSerializer(serializers.ModelSerializer):
    """The `user` object of every account response. `full_name` and `unread_message_emails` can be
    written; a tutor also writes their directory profile (`bio`, `photo_url`, `subjects`), which
    `accounts.services.user_profile_update` ignores for everyone else. `tutor` is set by an admin."""

    tutor = UserTutorSerializer(read_only=True, allow_null=True, help_text="A student's tutor, or null.")
    photo_url = serializers.URLField(
        max_length=500,
        allow_blank=True,
        required=False,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text="Tutors: an http(s) URL of their photo, or empty.",
    )
    subjects = serializers.ListField(
        child=serializers.CharField(max_length=60, trim_whitespace=True, allow_blank=False),
        max_length=20,
        required=False,
        help_text='Tutors: the exams and subjects they cover, e.g. ["NCLEX-RN", "Pharmacology"].',
    )

    phone_number = PhoneNumberField()

    class Meta:
        model = User
        fields = [
            "id",
            "email",
            "full_name",
            "role",
            "email_verified",
            "created_at",
            "updated_at",
            "tutor",
            "bio",
            "photo_url",
            "subjects",
            "unread_message_emails",
            "phone_number",
        ]
        read_only_fields = ["id", "email", "role", "email_verified", "created_at", "updated_at"]
        extra_kwargs = {
            "full_name": {"trim_whitespace": True, "allow_blank": False},
            "bio": {"help_text": "Tutors: a short profile shown in the tutor directory."},
            "unread_message_emails": {"help_text": "Receive one email when messages wait unread (default true)."},
        }


class RegisterSerializer(serializers.Serializer):
    full_name = serializers.CharField(max_length=150)
    email = serializers.EmailField(max_length=254, validators=[validate_account_email])
    phone_number = PhoneNumberField()
    password = serializers.CharField(write_only=True, max_length=128, trim_whitespace=False)
    confirm_password = serializers.CharField(write_only=True, max_length=128, trim_whitespace=False)

    def validate(self, attrs):
        # The mismatch here (the contract's message); the strength in `accounts.services`, as for
        # every new password.
        if attrs["password"] != attrs["confirm_password"]:
            raise serializers.ValidationError(PASSWORDS_DIFFER)
        return attrs


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(max_length=512)


class EmailSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254, validators=[validate_account_email])


class LoginSerializer(serializers.Serializer):
    # Not an EmailField: a malformed email is just one more wrong credential (401), not a 400.
    email = serializers.CharField(max_length=254)
    password = serializers.CharField(max_length=128, trim_whitespace=False)


class RefreshSerializer(serializers.Serializer):
    """The refresh token as `refresh`, or as `refresh_token` (the name the frontend stores it under)."""

    refresh = serializers.CharField(max_length=2048, required=False)
    refresh_token = serializers.CharField(max_length=2048, required=False, write_only=True)

    def validate(self, attrs):
        token = attrs.get("refresh") or attrs.get("refresh_token")
        if not token:
            raise serializers.ValidationError({"refresh": ["This field is required."]})
        return {"refresh": token}


class TokenPairSerializer(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()
    access_token = serializers.CharField(help_text="The same as `access`.")
    refresh_token = serializers.CharField(help_text="The same as `refresh`.")


class LoginResponseSerializer(serializers.Serializer):
    message = serializers.CharField()
    token = serializers.CharField(help_text="The access token again, for clients written against `token`.")
    access = serializers.CharField()
    refresh = serializers.CharField()
    access_token = serializers.CharField(help_text="The same as `access`.")
    refresh_token = serializers.CharField(help_text="The same as `refresh`.")
    user = UserSerializer()


class RegisterResponseSerializer(serializers.Serializer):
    message = serializers.CharField()
    user = UserSerializer()


class NoticeSerializer(serializers.Serializer):
    message = serializers.CharField()


class PasswordChangedSerializer(TokenPairSerializer):
    message = serializers.CharField()


class NewPasswordSerializer(serializers.Serializer):
    """A new password typed twice. Its strength is checked by the service, which knows the user
    (Django's similarity validator compares it with their name and email)."""

    new_password = serializers.CharField(max_length=128, trim_whitespace=False)
    confirm_new_password = serializers.CharField(max_length=128, trim_whitespace=False)

    def validate(self, attrs):
        if attrs["new_password"] != attrs["confirm_new_password"]:
            raise serializers.ValidationError(PASSWORDS_DIFFER)
        return attrs


class PasswordResetConfirmSerializer(NewPasswordSerializer):
    token = serializers.CharField(max_length=512)


class PasswordChangeSerializer(NewPasswordSerializer):
    current_password = serializers.CharField(max_length=128, trim_whitespace=False)
