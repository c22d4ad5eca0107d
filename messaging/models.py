"""Private 1:1 messages and each participant's inbox row.

`Message` is the record of what was said. `Conversation` is denormalised: one row per
(participant, other participant) holding the newest message and how many of the other's messages
are unread, kept exact by `messaging.services` in the same transaction as the send or read. It lets
the conversation list be one indexed range scan per user, whatever the number of messages (measured
in `bench/messaging.py` against a window function over the messages table).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Length, Trim
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual
from django.utils import timezone

MAX_CONTENT_LENGTH = 5000


class Message(models.Model):
    """One message from `sender` to `receiver`. Content is stored trimmed (1..5000 characters).

    `read_at` is set when the receiver marks the conversation read; only the receiver's read marks
    it. Only the two participants ever see a message (the selectors filter on them).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # No single-column index on sender: the (sender, receiver, created_at) index serves it.
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="messages_sent", db_index=False
    )
    # Kept: it serves deleting a user's received messages (cascade), read or unread.
    receiver = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="messages_received")
    content = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(sender=models.F("receiver")), name="messaging_message_not_to_self"
            ),
            models.CheckConstraint(
                condition=GreaterThanOrEqual(Length(Trim("content")), 1), name="messaging_message_content_not_blank"
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("content"), MAX_CONTENT_LENGTH),
                name="messaging_message_content_max_5000",
            ),
        ]
        indexes = [
            # A conversation page: both directions of a pair, newest first, keyset on (created_at, id).
            models.Index(fields=["sender", "receiver", "created_at", "id"], name="messaging_msg_pair_time"),
            # Marking read and finding the newest unread: only unread rows, so it stays small.
            models.Index(
                fields=["receiver", "sender", "created_at"],
                name="messaging_msg_unread",
                condition=models.Q(read_at__isnull=True),
            ),
        ]

    def __str__(self):
        return f"Message {self.id} from {self.sender_id} to {self.receiver_id}"


class Conversation(models.Model):
    """`user`'s side of their conversation with `other_user`: an inbox row.

    Every pair that has exchanged a message has two rows, one per participant. `last_message` is
    the newest message either way; `unread_count` counts messages from `other_user` to `user`
    that `user` has not read. Written only by `messaging.services` (send and mark-read), in the
    transaction that changes the messages, so it never disagrees with them.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # No single-column index on user: the unique (user, other_user) and inbox indexes lead with it.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversations", db_index=False
    )
    other_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="+")
    last_message_at = models.DateTimeField()
    unread_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-last_message_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "other_user"], name="messaging_conversation_one_per_pair"),
            models.CheckConstraint(
                condition=~models.Q(user=models.F("other_user")), name="messaging_conversation_not_with_self"
            ),
            models.CheckConstraint(condition=models.Q(unread_count__gte=0), name="messaging_conversation_unread_gte_0"),
        ]
        indexes = [
            models.Index(fields=["user", "-last_message_at", "-id"], name="messaging_conv_inbox"),
        ]

    def __str__(self):
        return f"{self.user_id} with {self.other_user_id}"


class UnreadDigest(models.Model):
    """One email telling `user` that messages wait unread (`messaging.digests`). It covers their
    unread messages created up to `up_to`: a later run emails only about newer ones, so each message
    is in at most one digest. Unique (user, up_to): two overlapping runs send it once."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False)
    up_to = models.DateTimeField(help_text="The newest message the digest covers.")
    message_count = models.PositiveIntegerField()
    senders = models.JSONField(default=list, help_text="The senders' names, as the email lists them.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "up_to"], name="messaging_digest_one_per_user_up_to"),
        ]

    def __str__(self):
        return f"Digest of {self.message_count} for {self.user_id}"
