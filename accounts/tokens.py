"""The single-string tokens that emails carry to the frontend.

Both are opaque and URL-safe, and identify the user by themselves (the confirm requests carry no uid).
- Password reset: Django's `PasswordResetTokenGenerator`, prefixed with the user's id. It expires
  after `PASSWORD_RESET_TIMEOUT` and dies once the password changes (its hash covers the password
  hash and the last login), so it works once.
- Email verification: a timestamped signature of the user's id and email, valid for
  `EMAIL_VERIFICATION_TIMEOUT`. Verifying twice is harmless, so it need not die on use.
"""

import uuid

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import signing
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from accounts.models import User

_password_reset = PasswordResetTokenGenerator()
_verification = signing.TimestampSigner(salt="accounts.email-verification", sep=".")


def password_reset_token_make(user: User) -> str:
    return f"{urlsafe_base64_encode(user.pk.bytes)}.{_password_reset.make_token(user)}"


def password_reset_token_user(token: str) -> User | None:
    """The active user the token was made for, or None when it is malformed, expired or used."""
    uid, _, check = token.partition(".")
    try:
        user_id = uuid.UUID(bytes=urlsafe_base64_decode(uid))
    except (ValueError, TypeError):
        return None
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not _password_reset.check_token(user, check):
        return None
    return user


def verification_token_make(user: User) -> str:
    return _verification.sign_object({"uid": str(user.pk), "email": user.email})


def verification_token_user(token: str) -> User | None:
    try:
        claims = _verification.unsign_object(token, max_age=settings.EMAIL_VERIFICATION_TIMEOUT)
        return User.objects.filter(pk=claims["uid"], email=claims["email"], is_active=True).first()
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
