"""Reads for messaging. Every query is scoped to the requesting user: a message is only ever
returned to its sender or its receiver."""

import uuid

from django.db.models import Q, QuerySet

from accounts.models import User
from config.exceptions import ApplicationError
from messaging.models import Conversation, Message

# A conversation fetched without `?limit=` returns at most its newest 500 messages.
UNPAGINATED_MESSAGES_CAP = 500
USER_NOT_FOUND = "User not found."


def conversation_list(*, user: User) -> QuerySet[Conversation]:
    """`user`'s conversations, newest last message first, with the other participant and the last
    message joined in: one query however many conversations and messages there are."""
    return (
        Conversation.objects.filter(user=user)
        .select_related("other_user", "last_message")
        .only(
            "other_user__id",
            "other_user__full_name",
            "other_user__email",
            "last_message__content",
            "last_message_at",
            "unread_count",
        )
        .order_by("-last_message_at", "-id")
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
) -> list[Message]:
    """Messages between `user` and `other_user`, oldest first.

    Paging backwards by keyset on (created_at, id): the `limit` newest messages, or the `limit`
    newest strictly older than message `before`. Without `limit`, the newest
    `UNPAGINATED_MESSAGES_CAP`. `before` must be a message of this conversation: otherwise 400,
    the same for an unknown id and for another conversation's message (existence is not revealed).
    """
    between = Message.objects.filter(Q(sender=user, receiver=other_user) | Q(sender=other_user, receiver=user))
    if before is not None:
        anchor = between.filter(pk=before).values("created_at", "id").first()
        if anchor is None:
            raise ApplicationError(
                "Invalid input data.", status=400, errors={"before": ["No message with this id in this conversation."]}
            )
        # `created_at <= t` can bound the index scan; the exclusion then drops the anchor's ties.
        between = between.filter(created_at__lte=anchor["created_at"]).exclude(
            created_at=anchor["created_at"], id__gte=anchor["id"]
        )
    newest = list(
        between.only("id", "sender_id", "receiver_id", "content", "created_at", "read_at").order_by(
            "-created_at", "-id"
        )[: limit or UNPAGINATED_MESSAGES_CAP]
    )
    newest.reverse()
    return newest
