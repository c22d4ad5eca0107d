"""Emails are sent by a Celery worker, queued only once the transaction that asked for them commits."""

from celery import shared_task

from accounts import emails
from accounts.models import User


def _active_user(user_id: str) -> User | None:
    return User.objects.filter(pk=user_id, is_active=True).first()


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def verification_email_task(user_id: str) -> None:
    user = _active_user(user_id)
    if user is not None and not user.email_verified:
        emails.verification_email_send(user)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def password_reset_email_task(user_id: str) -> None:
    user = _active_user(user_id)
    if user is not None:
        emails.password_reset_email_send(user)
