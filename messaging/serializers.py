"""Input and output shapes of the messaging API (contract section 3). Fields listed explicitly."""

from rest_framework import serializers

from core.serializers import FastOutputSerializer
from messaging.models import MAX_CONTENT_LENGTH


class MessageSerializer(FastOutputSerializer):
    """`{id, sender_id, receiver_id, content, created_at, read_at}`: REST responses and `message.new` pushes.

    Every value is a plain JSON type (strings, null), so the same dict can cross the channel layer.
    A row of `selectors.conversation_messages`, or a Message.
    """

    id = serializers.UUIDField(read_only=True)
    sender_id = serializers.UUIDField(read_only=True)
    receiver_id = serializers.UUIDField(read_only=True)
    content = serializers.CharField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    read_at = serializers.DateTimeField(read_only=True, allow_null=True)


class MessageSendSerializer(serializers.Serializer):
    """`{receiver_id, content}`. Content is trimmed, then must be 1..5000 characters."""

    receiver_id = serializers.UUIDField()
    content = serializers.CharField(max_length=MAX_CONTENT_LENGTH, trim_whitespace=True)


class ConversationSerializer(FastOutputSerializer):
    """One inbox row (from `selectors.conversation_list`): the other participant, the newest message
    either way, and how many of the other's messages are unread."""

    user_id = serializers.UUIDField(source="partner_id", read_only=True)
    full_name = serializers.CharField(source="partner_name", read_only=True)
    email = serializers.EmailField(source="partner_email", read_only=True)
    last_message_content = serializers.CharField(read_only=True)
    last_message_time = serializers.DateTimeField(source="last_message_at", read_only=True)
    unread_count = serializers.IntegerField(read_only=True)


class ConversationPageQuerySerializer(serializers.Serializer):
    """`?limit=N&before=<message id>` on a conversation.

    `limit` above 100 is refused rather than silently capped: a client that asked for 200 and got
    100 would take the short page for the start of the conversation.
    """

    limit = serializers.IntegerField(min_value=1, max_value=100, required=False)
    before = serializers.UUIDField(required=False)


class MarkReadResultSerializer(serializers.Serializer):
    updated = serializers.IntegerField(read_only=True)
