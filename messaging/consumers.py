"""The real-time side of messaging: `/ws/messages/` (docs/realtime.md is the frontend's guide).

Authentication, one of (the first two keep the token out of URLs, hence out of every access log):
- the subprotocols `["bearer", "<access JWT>"]` (`Sec-WebSocket-Protocol`); the server answers `bearer`;
- no token at the handshake, then a first frame `{"type": "auth", "token": "<access JWT>"}` within
  `WS_AUTH_TIMEOUT_SECONDS`, answered with `{"type": "auth.ok"}`;
- `?token=<access JWT>` (kept for existing clients; the servers log it as `[redacted]`).

Server -> client frames: `message.new`, `message.read` and `typing` (see `messaging.realtime`), and
`{"type": "error", "detail": ...}` answering a client frame this socket cannot act on.
Client -> server frames: `{"type": "auth", "token": ...}` (first frame only), then
`{"type": "typing", "to": <user id>}`, at most `WS_TYPING_FRAMES_PER_SECOND` a second.
"""

import asyncio
import json
import time
import uuid
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from rest_framework.exceptions import AuthenticationFailed
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.tokens import Token

from accounts.authentication import BearerAuthentication
from accounts.models import User
from messaging import presence
from messaging.realtime import user_group
from messaging.throttles import TypingFrameThrottle

# Close code for a missing, invalid, expired or revoked token, and for a session that ended
# (4000-4999 are the application's; 4401 mirrors HTTP 401). A client reconnects with a fresh token.
UNAUTHENTICATED = 4401
# The subprotocol a client offers, followed by its access token, to authenticate at the handshake.
BEARER_SUBPROTOCOL = "bearer"
TOO_MANY_TYPING = "Too many typing frames; at most {rate} a second."


class MessagingConsumer(AsyncJsonWebsocketConsumer):
    """One signed-in user's socket. It joins the user's group (`user.<uuid hex>`) and forwards what
    is pushed there; it relays typing frames to the user they name.

    The token is checked exactly as the REST API checks a Bearer token (`BearerAuthentication`:
    signature, expiry, type, active user, password fingerprint, not denied at logout, session not
    revoked). A bad token is answered by accepting and then closing with 4401: a close before the
    handshake completes can only be an HTTP 403, and the client could not tell why.

    A socket ends with its session, with 4401:
    - when its access token expires (the client reconnects with a fresh one);
    - when `accounts.signals.sessions_ended` names its user (see `messaging.realtime`): with no `jti`
      (a password change or reset, a deactivation) every socket of the user closes; with a `jti` (a
      logout) the socket opened with that token closes, and every other socket of the user checks its
      own token again, so the sockets of the same login (its session is revoked) close too.
    """

    user: User | None = None
    started = False
    _raw_token: str | None = None
    _jti: str | None = None
    _expiry: asyncio.Task | None = None
    _auth_deadline: asyncio.Task | None = None

    async def connect(self):
        offered = list(self.scope.get("subprotocols") or [])
        subprotocol = BEARER_SUBPROTOCOL if BEARER_SUBPROTOCOL in offered else None
        raw_token = _subprotocol_token(offered) or _query_token(self.scope)
        if raw_token is None:  # the first frame must authenticate
            await self.accept(subprotocol=subprotocol)
            self._auth_deadline = asyncio.create_task(self._close_after(settings.WS_AUTH_TIMEOUT_SECONDS))
            return
        # Join before accepting: once the client sees the socket open, no push can miss it.
        started = await self._start(raw_token)
        await self.accept(subprotocol=subprotocol)
        if not started:
            await self.close(code=UNAUTHENTICATED)

    async def _start(self, raw_token: str) -> bool:
        """Authenticate, join the user's group and arm the expiry; False if the token is refused."""
        self.user, token = await _authenticate(raw_token)
        if self.user is None:
            return False
        self._raw_token, self._jti = raw_token, str(token["jti"])
        self.group = user_group(self.user.pk)
        self.typing_targets: set[uuid.UUID] = set()
        self.typing_throttle = TypingFrameThrottle(rate=settings.WS_TYPING_FRAMES_PER_SECOND)
        await self.channel_layer.group_add(self.group, self.channel_name)
        self.started = True
        self._expiry = asyncio.create_task(self._close_after(float(token["exp"]) - time.time()))
        await presence.socket_connected(self.user.pk)
        return True

    async def disconnect(self, code):
        for task in (self._expiry, self._auth_deadline):
            if task is not None:
                task.cancel()
        if self.started:
            await self.channel_layer.group_discard(self.group, self.channel_name)
            await presence.socket_disconnected(self.user.pk)

    async def _close_after(self, seconds: float) -> None:
        await asyncio.sleep(max(0.0, seconds))
        await self.close(code=UNAUTHENTICATED)

    # --- client -> server ---------------------------------------------------------------------

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        content = _json_frame(text_data)
        if not self.started:
            await self._receive_auth(content)
            return
        # Junk never ends the connection: it gets an error frame and the socket carries on.
        if content is _NOT_JSON:
            await self._error("Frames must be JSON text.")
            return
        await self.receive_json(content)

    async def _receive_auth(self, content) -> None:
        if self._auth_deadline is None or self._auth_deadline.done():
            return  # closing: a bad token at the handshake, or the deadline passed
        self._auth_deadline.cancel()
        is_auth = isinstance(content, dict) and content.get("type") == "auth"
        token = content.get("token") if is_auth else None
        if isinstance(token, str) and token and await self._start(token):
            await self.send_json({"type": "auth.ok"})
        else:
            await self.close(code=UNAUTHENTICATED)

    async def receive_json(self, content, **kwargs):
        if isinstance(content, dict) and content.get("type") == "auth":
            await self._error("This socket is already authenticated.")
            return
        if not isinstance(content, dict) or content.get("type") != "typing":
            await self._error('Unknown frame type; expected {"type": "typing", "to": <user id>}.')
            return
        allowed, first_refusal = self.typing_throttle.allow()
        if not allowed:
            # Dropped; one error frame per burst, not one per frame (no amplification).
            if first_refusal:
                await self._error(TOO_MANY_TYPING.format(rate=self.typing_throttle.rate))
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

    async def session_ended(self, event):
        jti = event.get("jti")
        if jti is None or jti == self._jti:
            await self.close(code=UNAUTHENTICATED)
            return
        # Another token ended: this one may belong to the same login (its session is now revoked).
        user, _ = await _authenticate(self._raw_token)
        if user is None:
            await self.close(code=UNAUTHENTICATED)


_NOT_JSON = object()


def _json_frame(text_data: str | None):
    if text_data is None:
        return _NOT_JSON
    try:
        return json.loads(text_data)
    except (ValueError, RecursionError):  # RecursionError: nested deeper than json can parse
        return _NOT_JSON


def _subprotocol_token(offered: list[str]) -> str | None:
    """The token after `bearer` in the offered subprotocols (`["bearer", "<jwt>"]`)."""
    if BEARER_SUBPROTOCOL not in offered:
        return None
    rest = offered[offered.index(BEARER_SUBPROTOCOL) + 1 :]
    return rest[0] if rest else None


def _query_token(scope) -> str | None:
    values = parse_qs(scope.get("query_string", b"").decode("latin1")).get("token")
    return values[-1] if values else None


@database_sync_to_async
def _authenticate(raw_token: str | None) -> tuple[User | None, Token | None]:
    """The user and the validated access token, by the REST API's own checks; (None, None) if refused."""
    if not raw_token:
        return None, None
    authentication = BearerAuthentication()
    try:
        token = authentication.get_validated_token(raw_token.encode())
        user = authentication.get_user(token)
    except (AuthenticationFailed, TokenError):  # InvalidToken is an AuthenticationFailed
        return None, None
    return user, token


@database_sync_to_async
def _is_active_user(user_id: uuid.UUID) -> bool:
    return User.objects.filter(pk=user_id, is_active=True).exists()


def _as_uuid(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None
