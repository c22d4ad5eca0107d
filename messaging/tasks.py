"""Messaging's background jobs: the unread-message digest (`messaging.digests`)."""

from celery import shared_task

from core.aftercommit import run_after_commit
from messaging import digests
from messaging.models import UnreadDigest


@shared_task
def unread_digests_send_task() -> int:
    """Celery beat, every few minutes (CELERY_BEAT_SCHEDULE): records the digests due, then queues
    one email each (a broker outage is logged; the digest stays recorded, not resent)."""
    recorded = digests.unread_digests_record()
    for digest_id in recorded:
        run_after_commit(unread_digest_email_task.delay, digest_id)
    return len(recorded)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def unread_digest_email_task(digest_id: str) -> None:
    digest = UnreadDigest.objects.select_related("user").filter(pk=digest_id, user__is_active=True).first()
    if digest is not None and digest.user.unread_message_emails:
        digests.unread_digest_email_send(digest)
