"""Writes for messaging: sending and marking read.

Both keep the denormalised `Conversation` rows (the inbox) exact in the same transaction as the
messages they change, and push to open sockets only after that transaction commits, so a socket
never announces a message a rollback took back.
"""

import uuid

from django.db import IntegrityError, transaction
from django.db.models import Case, F, Max, Q, UUIDField, Value, When
from django.db.models.functions import Greatest
from django.utils import timezone

from accounts.models import User
from core.aftercommit import run_after_commit
from core.exceptions import ApplicationError
from messaging import realtime
from messaging.models import Conversation, Message
from messaging.selectors import USER_NOT_FOUND

NOT_TO_SELF = "You cannot send a message to yourself."


def message_send(*, sender: User, receiver_id: uuid.UUID, content: str) -> Message:
    """`sender` sends `content` (already trimmed, 1..5000 characters) to the user `receiver_id`.

    Rules: never to oneself (400); the receiver must exist and be active (404). Any user may write
    to any active user: the school's conversations are between students and tutors, but the contract
    does not restrict who starts one, so neither does this. After commit, `message.new` is pushed to
    every open socket of both participants.
    """
    if receiver_id == sender.pk:
        raise ApplicationError(NOT_TO_SELF, status=400, errors={"receiver_id": [NOT_TO_SELF]})
    receiver = User.objects.filter(pk=receiver_id, is_active=True).only("id").first()
    if receiver is None:
        raise ApplicationError(USER_NOT_FOUND, status=404)
    with transaction.atomic():
        message = message_create(sender=sender, receiver=receiver, content=content)
        # The message is saved either way; a channel-layer outage must not turn that into a 500.
        run_after_commit(realtime.message_new_push, message=message)
    return message


def message_create(*, sender: User, receiver: User, content: str, created_at=None) -> Message:
    """Record a message and keep both participants' inbox rows in step with it: the newest message
    either way, and one more unread for the receiver. No permission checks and no push: callers
    decide (`message_send` for users; demo data and test factories, which may backdate).
    """
    with transaction.atomic():
        message = Message.objects.create(
            sender=sender, receiver=receiver, content=content, created_at=created_at or timezone.now()
        )
        # Both rows in a fixed order (by owner id), so concurrent A->B and B->A sends lock them in
        # the same order and cannot deadlock.
        for owner, other in sorted([(sender, receiver), (receiver, sender)], key=lambda pair: str(pair[0].pk)):
            _conversation_touch(user=owner, other_user=other, message=message, unread=owner == receiver)
    return message


def _conversation_touch(*, user: User, other_user: User, message: Message, unread: bool) -> None:
    """Make `message` the last message of `user`'s row for `other_user` unless a newer one already
    is (concurrent sends can commit out of order), counting it unread when `user` received it."""
    is_newest = Q(last_message_at__lte=message.created_at)
    changes = {
        "last_message": Case(
            When(is_newest, then=Value(message.pk)), default=F("last_message"), output_field=UUIDField()
        ),
        "last_message_at": Case(When(is_newest, then=Value(message.created_at)), default=F("last_message_at")),
        "unread_count": F("unread_count") + int(unread),
    }
    row = Conversation.objects.filter(user=user, other_user=other_user)
    if row.update(**changes):
        return
    try:
        with transaction.atomic():
            Conversation.objects.create(
                user=user,
                other_user=other_user,
                last_message=message,
                last_message_at=message.created_at,
                unread_count=int(unread),
            )
    except IntegrityError:
        # A concurrent first message between the two created the row after our update missed it.
        row.update(**changes)


def conversation_mark_read(*, reader: User, other_user: User) -> int:
    """`reader` reads their conversation with `other_user`: every message `other_user` sent them,
    up to the newest one now, is marked read in one UPDATE; returns how many were.

    Only messages received by `reader` change: their own messages are the other side's to read.
    The inbox's unread count drops by exactly that number (not to zero), so a message that arrives
    while this runs stays counted. When anything was marked, `message.read` with `up_to` (the
    newest marked message's created_at) is pushed to `other_user` after commit.
    """
    unread = Message.objects.filter(sender=other_user, receiver=reader, read_at__isnull=True)
    with transaction.atomic():
        up_to = unread.aggregate(newest=Max("created_at"))["newest"]
        if up_to is None:
            return 0
        updated = unread.filter(created_at__lte=up_to).update(read_at=timezone.now())
        if updated:
            # Greatest(..., 0): the count can only be off if someone edited the tables by hand; a
            # read must still succeed then, and leave the row at the truth's floor, not fail.
            Conversation.objects.filter(user=reader, other_user=other_user).update(
                unread_count=Greatest(F("unread_count") - updated, 0)
            )
            run_after_commit(realtime.messages_read_push, reader_id=reader.pk, sender_id=other_user.pk, up_to=up_to)
    return updated
