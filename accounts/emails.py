"""The emails the school sends about an account. Each links to a page of the frontend."""

from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import send_mail

from accounts.models import User
from accounts.tokens import password_reset_token_make, verification_token_make


def _frontend_link(path: str, token: str) -> str:
    return f"{settings.FRONTEND_URL}{path}?{urlencode({'token': token})}"


def verification_email_send(user: User) -> None:
    link = _frontend_link("/auth/verify-email", verification_token_make(user))
    send_mail(
        subject="Confirm your NCLEX Virtual School account",
        message=(
            f"Hello {user.full_name},\n\n"
            f"Please confirm your email address by opening this link:\n{link}\n\n"
            "If you did not create an account, you can ignore this email."
        ),
        from_email=None,
        recipient_list=[user.email],
    )


def password_reset_email_send(user: User) -> None:
    link = _frontend_link("/auth/update-password", password_reset_token_make(user))
    minutes = settings.PASSWORD_RESET_TIMEOUT // 60
    send_mail(
        subject="Reset your NCLEX Virtual School password",
        message=(
            f"Hello {user.full_name},\n\n"
            f"Someone asked to reset the password of this account. To choose a new one, open this link "
            f"within {minutes} minutes:\n{link}\n\n"
            "If it was not you, ignore this email: your password stays as it is."
        ),
        from_email=None,
        recipient_list=[user.email],
    )
