"""The email a student added by an import receives: a link to choose their password.

The link is the password-reset link of `accounts` (same token, same frontend page,
FRONTEND_URL/auth/update-password?token=…), so setting the password is the reset flow the frontend
already has; the token lasts PASSWORD_RESET_TIMEOUT, after which "Forgot password" sends a new one.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import EmailMessage

from accounts.models import User
from accounts.tokens import password_reset_token_make


def student_welcome_email(user: User) -> EmailMessage:
    link = f"{settings.FRONTEND_URL}/auth/update-password?{urlencode({'token': password_reset_token_make(user)})}"
    minutes = settings.PASSWORD_RESET_TIMEOUT // 60
    return EmailMessage(
        subject="Your NCLEX Virtual School account is ready",
        body=(
            f"Hello {user.full_name},\n\n"
            "Your school has created an NCLEX Virtual School account for you with this email address. "
            f"To choose your password and sign in, open this link within {minutes} minutes:\n{link}\n\n"
            'If the link has expired, use "Forgot password" on the sign-in page with this email address.'
        ),
        to=[user.email],
    )
