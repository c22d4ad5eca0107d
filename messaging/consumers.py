"""The real-time side of messaging: `/ws/messages/?token=<access JWT>`.

Server -> client frames: `message.new`, `message.read` and `typing` (see `messaging.realtime`), and
`{"type": "error", "detail": ...}` answering a client frame this socket cannot act on.
Client -> server frames: `{"type": "typing", "to": <user id>}` only.
"""

import asyncio
import json
import time
import uuid
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from rest_framework.exceptions import AuthenticationFailed
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError

from accounts.models import User
from messaging import presence
from messaging.realtime import user_group

# Close code for a missing, invalid, expired or revoked token (4000-4999 are the application's;
# 4401 mirrors HTTP 401). A client reconnects with a fresh access token.
UNAUTHENTICATED = 4401


class MessagingConsumer(AsyncJsonWebsocketConsumer):
    """One signed-in user's socket. It joins the user's group (`user.<uuid hex>`) and forwards what
    is pushed there; it relays typing frames to the user they name.

    Authentication: the access JWT in `?token=`, checked exactly as the REST API checks a Bearer
    token (SimpleJWT: signature, expiry, token type, active user, not revoked by a password change).
    A bad token is answered by accepting and then closing with 4401: a close before the handshake
    completes can only be an HTTP 403, and the client could not tell why. The socket is closed with
    4401 too when the token expires, so a session never outlives its access token (a password
    change or a deactivation therefore ends open sockets within one access-token lifetime).
    """

    user: User | None = None
    _expiry: asyncio.Task | None = None

    async def connect(self):
        self.user, expires_at = await _authenticate(_query_token(self.scope))
        if self.user is None:
            await self.accept()
            await self.close(code=UNAUTHENTICATED)
            return
        self.group = user_group(self.user.pk)
        self.typing_targets: set[uuid.UUID] = set()
        # Join before accepting: once the client sees the socket open, no push can miss it.
        await self.channel_layer.group_add(self.group, self.channel_name)
        self._expiry = asyncio.create_task(self._close_at(expires_at))
        await self.accept()
        await presence.socket_connected(self.user.pk)

    async def disconnect(self, code):
        if self._expiry is not None:
            self._expiry.cancel()
        if self.user is not None:
            await self.channel_layer.group_discard(self.group, self.channel_name)
            await presence.socket_disconnected(self.user.pk)

    async def _close_at(self, expires_at: float) -> None:
        await asyncio.sleep(max(0.0, expires_at - time.time()))
        await self.close(code=UNAUTHENTICATED)

    # --- client -> server ---------------------------------------------------------------------

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        # Junk never ends the connection: it gets an error frame and the socket carries on.
        if self.user is None:
            return
        if text_data is None:
            await self._error("Frames must be JSON text.")
            return
        try:
            content = json.loads(text_data)
        except (ValueError, RecursionError):  # RecursionError: nested deeper than json can parse
            await self._error("Frames must be JSON text.")
            return
        await self.receive_json(content)

    async def receive_json(self, content, **kwargs):
        if not isinstance(content, dict) or content.get("type") != "typing":
            await self._error('Unknown frame type; expected {"type": "typing", "to": <user id>}.')
            return
        to = _as_uuid(content.get("to"))
        if to is None or to == self.user.pk:
            await self._error("`to` must be another user's id.")
            return
        # Looked up once per target and socket: typing frames are frequent, users rarely vanish.
        if to not in self.typing_targets:
            if not await _is_active_user(to):
                await self._error("User not found.")
                return
            self.typing_targets.add(to)
        await self.channel_layer.group_send(user_group(to), {"type": "typing", "from": str(self.user.pk)})

    async def _error(self, detail: str) -> None:
        await self.send_json({"type": "error", "detail": detail})

    # --- channel layer -> client (one method per event type, see messaging.realtime) ------------

    async def message_new(self, event):
        await self.send_json({"type": "message.new", "message": event["message"]})

    async def message_read(self, event):
        await self.send_json({"type": "message.read", "by": event["by"], "up_to": event["up_to"]})

    async def typing(self, event):
        await self.send_json({"type": "typing", "from": event["from"]})


def _query_token(scope) -> str | None:
    values = parse_qs(scope.get("query_string", b"").decode("latin1")).get("token")
    return values[-1] if values else None


@database_sync_to_async
def _authenticate(raw_token: str | None) -> tuple[User | None, float]:
    """The user and expiry time of an access token, via SimpleJWT's own checks; (None, 0) if bad."""
    if not raw_token:
        return None, 0.0
    authentication = JWTAuthentication()
    try:
        token = authentication.get_validated_token(raw_token.encode())
        user = authentication.get_user(token)
    except (InvalidToken, AuthenticationFailed, TokenError):
        return None, 0.0
    return user, float(token["exp"])


@database_sync_to_async
def _is_active_user(user_id: uuid.UUID) -> bool:
    return User.objects.filter(pk=user_id, is_active=True).exists()


def _as_uuid(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None
