"""Welcome emails for imported students, sent by a Celery worker after the import commits."""

import logging

from celery import shared_task
from django.core.mail import get_connection

from accounts.models import User
from admissions.emails import student_welcome_email

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 5


@shared_task
def student_welcome_emails_task(user_ids: list[str], attempt: int = 1) -> None:
    """One email per still-active user, over one connection. When the mail server fails part-way,
    the users not yet sent to are queued again (backing off), so nobody gets two."""
    users = list(User.objects.filter(pk__in=user_ids, is_active=True).order_by("email"))
    sent = 0
    try:
        with get_connection() as connection:
            for user in users:
                connection.send_messages([student_welcome_email(user)])
                sent += 1
    except OSError:
        remaining = [str(user.pk) for user in users[sent:]]
        if attempt >= MAX_ATTEMPTS:
            logger.exception("welcome emails: giving up on %d users", len(remaining))
            return
        logger.warning("welcome emails: mail server failed, %d queued again", len(remaining), exc_info=True)
        student_welcome_emails_task.apply_async(args=[remaining, attempt + 1], countdown=60 * 2**attempt)
