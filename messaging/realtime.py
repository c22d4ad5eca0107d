"""Pushes to open WebSockets through the channel layer.

Every socket a user opens joins one group, `user.<uuid hex>`, so a push reaches all of that user's
tabs and devices on any server process: the channel layer is Redis when `REDIS_URL` is set (and
in-memory, hence single-process, otherwise). The event `type` names the consumer method that
forwards it (`message.new` -> `MessagingConsumer.message_new`).
"""

import asyncio
import logging
import threading
import uuid
from datetime import datetime

from asgiref.sync import async_to_sync
from channels.layers import InMemoryChannelLayer, get_channel_layer

from core.timestamps import format_timestamp
from messaging.models import Message
from messaging.serializers import MessageSerializer

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


def session_ended_push(*, user_id: uuid.UUID, jti: str | None) -> None:
    """`{"type": "session.ended", "jti": ...}` to every socket of the user (consumers close with 4401:
    all of them when `jti` is None, else the one opened with that token and those whose token the
    ending session also revoked). Never seen by a client."""
    _group_send([(user_group(user_id), {"type": "session.ended", "jti": None if jti is None else str(jti)})])


def sessions_ended_receiver(sender, *, user_id: uuid.UUID, jti: str | None = None, **kwargs) -> None:
    """Listens to `accounts.signals.sessions_ended` (connected in `MessagingConfig.ready`), which is
    sent after the ending commits; through the channel layer it reaches every server process."""
    session_ended_push(user_id=user_id, jti=jti)


def _group_send(deliveries: list[tuple[str, dict]]) -> None:
    layer = get_channel_layer()
    if layer is None:  # no CHANNEL_LAYERS configured: nothing is listening
        return

    async def send_all() -> None:
        for group, event in deliveries:
            await layer.group_send(group, event)

    if isinstance(layer, InMemoryChannelLayer):
        # Its queues belong to the event loop of the sockets listening in this very process.
        async_to_sync(send_all)()
        return
    # Redis: on this process's push loop, whose connection pool stays open. async_to_sync from a
    # WSGI thread would make a new event loop, hence a new Redis connection, for every push
    # (2.4 ms of a 10 ms send; bench/RESULTS.md).
    asyncio.run_coroutine_threadsafe(send_all(), _push_loop()).result()


_loop: asyncio.AbstractEventLoop | None = None
_loop_thread: threading.Thread | None = None
_loop_lock = threading.Lock()


def _push_loop() -> asyncio.AbstractEventLoop:
    """An event loop running for the life of this process in a daemon thread, made on first use
    (after gunicorn has forked this worker)."""
    global _loop, _loop_thread
    with _loop_lock:
        if _loop_thread is None or not _loop_thread.is_alive():
            _loop = asyncio.new_event_loop()
            _loop_thread = threading.Thread(target=_loop.run_forever, name="channel-layer-pushes", daemon=True)
            _loop_thread.start()
        return _loop
