"""Pushes to open WebSockets through the channel layer.

Every socket a user opens joins one group, `user.<uuid hex>`, so a push reaches all of that user's
tabs and devices on any server process: the channel layer is Redis when `REDIS_URL` is set (and
in-memory, hence single-process, otherwise). The event `type` names the consumer method that
forwards it (`message.new` -> `MessagingConsumer.message_new`).
"""

import logging
import uuid
from datetime import datetime

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from messaging.models import Message
from messaging.serializers import MessageSerializer, format_timestamp

logger = logging.getLogger(__name__)


def user_group(user_id: uuid.UUID | str) -> str:
    """The group every socket of this user joins."""
    return f"user.{uuid.UUID(str(user_id)).hex}"


def message_new_push(*, message: Message) -> None:
    """`{"type": "message.new", "message": {...}}` to every socket of the sender and the receiver."""
    event = {"type": "message.new", "message": dict(MessageSerializer(message).data)}
    _group_send([(user_group(message.sender_id), event), (user_group(message.receiver_id), event)])


def messages_read_push(*, reader_id: uuid.UUID, sender_id: uuid.UUID, up_to: datetime) -> None:
    """`{"type": "message.read", "by": reader, "up_to": created_at}` to the sender of the messages read:
    everything they sent the reader up to and including `up_to` is now read."""
    event = {"type": "message.read", "by": str(reader_id), "up_to": format_timestamp(up_to)}
    _group_send([(user_group(sender_id), event)])


def _group_send(deliveries: list[tuple[str, dict]]) -> None:
    layer = get_channel_layer()
    if layer is None:  # no CHANNEL_LAYERS configured: nothing is listening
        return

    async def send_all() -> None:
        for group, event in deliveries:
            await layer.group_send(group, event)

    async_to_sync(send_all)()
