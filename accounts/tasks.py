"""Emails are sent by a Celery worker, queued only once the transaction that asked for them commits;
and the nightly clean-up of sessions and refresh tokens no valid token refers to."""

from celery import shared_task

from accounts import emails
from accounts.models import User
from accounts.sessions import sessions_prune


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


# Asked for by address (forgot-password, resend-verification): the request only queues the address,
# and the lookup happens here, so an existing and an unknown account cost the request the same.


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def password_reset_request_task(email: str) -> None:
    user = User.objects.with_email(email).filter(is_active=True).first()
    if user is not None:
        emails.password_reset_email_send(user)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def verification_email_resend_task(email: str) -> None:
    user = User.objects.with_email(email).filter(is_active=True, email_verified=False).first()
    if user is not None:
        emails.verification_email_send(user)


@shared_task
def sessions_prune_task() -> dict[str, int]:
    """Deletes expired refresh tokens and the sessions they have all expired from (nightly)."""
    tokens, sessions = sessions_prune()
    return {"tokens": tokens, "sessions": sessions}
