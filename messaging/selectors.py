"""Reads for messaging. Every query is scoped to the requesting user: a message is only ever
returned to its sender or its receiver."""

import uuid

from django.db import connection
from django.db.models import F, QuerySet

from accounts.models import User
from core.exceptions import ApplicationError
from messaging.models import Conversation, Message

# A conversation fetched without `?limit=` returns at most its newest 500 messages.
UNPAGINATED_MESSAGES_CAP = 500
USER_NOT_FOUND = "User not found."
MESSAGE_FIELDS = ("id", "sender_id", "receiver_id", "content", "created_at", "read_at")


def conversation_list(*, user: User) -> QuerySet:
    """`user`'s conversations, newest last message first, with the other participant and the last
    message joined in: one query however many conversations and messages there are.

    Rows are plain dicts (`partner_id`, `partner_name`, `partner_email`, `last_message_content`,
    `last_message_at`, `unread_count`): a tutor's inbox can hold hundreds of rows, and skipping
    three model instances per row is most of the endpoint's time (bench/messaging.py).
    """
    return (
        Conversation.objects.filter(user=user)
        .order_by("-last_message_at", "-id")
        .values(
            "last_message_at",
            "unread_count",
            partner_id=F("other_user_id"),
            partner_name=F("other_user__full_name"),
            partner_email=F("other_user__email"),
            last_message_content=F("last_message__content"),
        )
    )


def conversation_partner_get(*, user_id: uuid.UUID) -> User:
    """The other participant of a conversation. Any existing user, active or not: a deactivated
    user's past messages stay readable by the people they wrote to. 404 for an unknown id."""
    partner = User.objects.filter(pk=user_id).only("id").first()
    if partner is None:
        raise ApplicationError(USER_NOT_FOUND, status=404)
    return partner


def conversation_messages(
    *, user: User, other_user: User, limit: int | None = None, before: uuid.UUID | None = None
) -> list[dict]:
    """Messages between `user` and `other_user`, oldest first, as dicts of the API's message fields.

    Paging backwards by keyset on (created_at, id): the `limit` newest messages, or the `limit`
    newest strictly older than message `before`. Without `limit`, the newest
    `UNPAGINATED_MESSAGES_CAP`. `before` must be a message of this conversation: otherwise 400,
    the same for an unknown id and for another conversation's message (existence is not revealed).
    """
    size = limit or UNPAGINATED_MESSAGES_CAP
    directions = [
        Message.objects.filter(sender=user, receiver=other_user),
        Message.objects.filter(sender=other_user, receiver=user),
    ]
    if before is not None:
        anchor = (directions[0] | directions[1]).filter(pk=before).values("created_at", "id").order_by().first()
        if anchor is None:
            raise ApplicationError(
                "Invalid input data.", status=400, errors={"before": ["No message with this id in this conversation."]}
            )
        # `created_at <= t` bounds the index scan; the exclusion then drops the anchor and its later ties.
        directions = [
            direction.filter(created_at__lte=anchor["created_at"]).exclude(
                created_at=anchor["created_at"], id__gte=anchor["id"]
            )
            for direction in directions
        ]
    newest_first = ("-created_at", "-id")
    directions = [direction.values(*MESSAGE_FIELDS).order_by(*newest_first) for direction in directions]
    if connection.features.supports_slicing_ordering_in_compound:
        # PostgreSQL: each direction is read newest-first straight off the (sender, receiver,
        # created_at, id) index, `size` rows at most, then merged: a page costs the same in a
        # conversation of 50 messages or of 50,000. (SQLite cannot limit inside a UNION.)
        page = directions[0][:size].union(directions[1][:size], all=True).order_by(*newest_first)[:size]
    else:
        page = (directions[0] | directions[1]).order_by(*newest_first)[:size]
    messages = list(page)
    messages.reverse()
    return messages
