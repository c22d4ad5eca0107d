"""The unread-message digest: one email to a user whose messages wait unread while they are away.

Rule: a user who is active, has not opted out (`User.unread_message_emails`), has no messaging
socket open and none closed in the last UNREAD_DIGEST_AFTER_MINUTES (`messaging.presence`), and has
an unread message older than that delay which no earlier digest covered, gets ONE email listing how
many unread messages wait and from whom, linking to FRONTEND_URL/messages. The digest is recorded
(`UnreadDigest`, covering every unread message up to the newest), so the next run does not send it
again; messages that arrive later make a later digest, at most one per run and user.
Run every few minutes by Celery beat (`messaging.tasks.unread_digests_send_task`), which queues
one email task per recorded digest.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, Max, Min, OuterRef
from django.utils import timezone

from messaging import presence
from messaging.models import Message, UnreadDigest

#: The most senders an email names (then "and N others").
SENDERS_NAMED = 3


def _pending_messages():
    covered = UnreadDigest.objects.filter(user=OuterRef("receiver_id"), up_to__gte=OuterRef("created_at"))
    return Message.objects.filter(
        ~Exists(covered),
        read_at__isnull=True,
        receiver__is_active=True,
        receiver__unread_message_emails=True,
    )


def unread_digests_record(*, now: datetime | None = None) -> list[str]:
    """Records the digests due now (see the module's rule) and returns their ids, for the caller to
    email. Two queries plus one insert per digest, whatever the number of messages."""
    now = now or timezone.now()
    delay = timedelta(minutes=settings.UNREAD_DIGEST_AFTER_MINUTES)
    pending = {
        row["receiver_id"]: row
        for row in _pending_messages()
        .values("receiver_id")
        .annotate(count=Count("pk"), oldest=Min("created_at"), newest=Max("created_at"))
        .order_by()
        if row["oldest"] <= now - delay
    }
    away = presence.away_for(pending)
    due = [user_id for user_id in pending if away[user_id] is None or away[user_id] >= delay.total_seconds()]
    if not due:
        return []
    senders: dict = {user_id: [] for user_id in due}
    rows = (
        _pending_messages()
        .filter(receiver_id__in=due)
        .values_list("receiver_id", "sender__full_name")
        .distinct()
        .order_by("receiver_id", "sender__full_name")
    )
    for user_id, name in rows:
        senders[user_id].append(name)
    recorded = []
    for user_id in due:
        row = pending[user_id]
        try:
            with transaction.atomic():
                digest = UnreadDigest.objects.create(
                    user_id=user_id, up_to=row["newest"], message_count=row["count"], senders=senders[user_id]
                )
        except IntegrityError:  # an overlapping run recorded this digest first
            continue
        recorded.append(str(digest.pk))
    return recorded


def _senders_text(names: list[str]) -> str:
    if len(names) <= SENDERS_NAMED:
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return ", ".join(names[:SENDERS_NAMED]) + f" and {len(names) - SENDERS_NAMED} others"


def unread_digest_email_send(digest: UnreadDigest) -> None:
    user = digest.user
    count = digest.message_count
    messages = "1 unread message" if count == 1 else f"{count} unread messages"
    send_mail(
        subject=f"You have {messages} at NCLEX Virtual School",
        message=(
            f"Hello {user.full_name},\n\n"
            f"You have {messages} from {_senders_text(digest.senders)}.\n"
            f"Read and reply here:\n{settings.FRONTEND_URL}/messages\n\n"
            "You can turn these emails off in your account settings."
        ),
        from_email=None,
        recipient_list=[user.email],
    )
