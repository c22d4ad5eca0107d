"""Request bodies refused before they are read, on every ASGI server (`config.asgi` wraps Django).

Django's ASGI handler reads the whole body into a temporary file before it routes or authenticates
anything, so without this an anonymous client could put a gigabyte on the server's disk. Here, in
front of it:
- a body is capped at `DATA_UPLOAD_MAX_MEMORY_SIZE`, or, on an upload route, at `MAX_VIDEO_UPLOAD_MB`
  (plus the form fields' allowance and multipart framing, as `courses.videos.VideoUploadHandler`
  counts); a `Content-Length` over the cap is a 413 before a byte is read, and a body that grows past
  it while streaming (chunked, or a lying length) is cut off there: 413, and Django sees a disconnect;
- a view that sets its own cap (`max_body_setting`, read by `core.parsers.view_body_limit`: the
  question import's QUESTION_IMPORT_MAX_BYTES) is capped at that instead;
- an upload route (a DRF view that parses multipart files), and a view with its own cap, first runs
  the view's own authentication and permission checks on the headers alone, so an anonymous or
  non-admin upload is 401/403 before its body is read (the same answers the view would give,
  through the same exception handler).
`WebSocketServerHttp` is what the WebSocket server (config/gunicorn_ws.py) answers plain HTTP with.
"""

import io
import json
import re

from channels.db import database_sync_to_async
from django.conf import settings
from django.core.handlers.asgi import ASGIRequest
from django.urls import Resolver404, resolve
from rest_framework.parsers import FileUploadParser, MultiPartParser
from rest_framework.request import Request

from core.exceptions import BODY_TOO_LARGE
from core.parsers import max_video_bytes, video_too_large, view_body_limit

# Multipart boundaries and part headers around the file and the form fields (as VideoUploadHandler).
FRAMING_ALLOWANCE = 64 * 1024
BODY_METHODS = {"POST", "PUT", "PATCH"}
NOT_FOUND = "Not found."


class BodyLimitMiddleware:
    """ASGI middleware for Django's HTTP application; see the module docstring."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not _has_body(scope):
            return await self.app(scope, receive, send)
        match = _resolve(scope)
        upload_view = match if match is not None and _is_upload_view(match.func) else None
        # A view that sets its own cap (`core.parsers.view_body_limit`, e.g. the question import).
        own_limit = view_body_limit(getattr(match.func, "cls", None)) if match is not None else None
        checked_first = upload_view or (match if own_limit is not None else None)
        if checked_first is not None and scope["method"] in BODY_METHODS:
            refusal = await _authorization_refusal(scope, checked_first)
            if refusal is not None:
                return await _send_json(send, *refusal, scope=scope)
        if upload_view is not None:
            limit = max_video_bytes() + (settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0) + FRAMING_ALLOWANCE
            too_large = video_too_large()
        elif own_limit is not None:
            limit, too_large = own_limit, BODY_TOO_LARGE
        else:
            limit, too_large = settings.DATA_UPLOAD_MAX_MEMORY_SIZE, BODY_TOO_LARGE
        if limit is None:
            return await self.app(scope, receive, send)
        length = _content_length(scope)
        if length is not None and length > limit:
            return await _send_json(send, 413, {"detail": too_large}, scope=scope)
        await self.app(scope, *_capped(scope, receive, send, limit=limit, too_large=too_large))


def _capped(scope, receive, send, *, limit: int, too_large: str):
    """`receive` and `send` for the app: past `limit` body bytes, the client gets 413 (unless the app
    has already started answering), the app a disconnect, and anything the app sends after is dropped."""
    state = {"received": 0, "cut": False, "started": False}

    async def capped_receive():
        if state["cut"]:
            return {"type": "http.disconnect"}
        message = await receive()
        if message["type"] == "http.request":
            state["received"] += len(message.get("body", b""))
            if state["received"] > limit:
                state["cut"] = True
                if not state["started"]:
                    state["started"] = True
                    await _send_json(send, 413, {"detail": too_large}, scope=scope)
                return {"type": "http.disconnect"}
        return message

    async def capped_send(message):
        if state["cut"]:
            return
        if message["type"] == "http.response.start":
            state["started"] = True
        await send(message)

    return capped_receive, capped_send


class WebSocketServerHttp:
    """Plain HTTP on the WebSocket server: a JSON 404 sent without reading the body, for every request
    but `GET`/`HEAD` of the `passed` paths (the health check its load balancer polls), which go to `app`."""

    def __init__(self, app, *, passed: frozenset[str] = frozenset({"/api/health/"})):
        self.app = app
        self.passed = passed

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["method"] in {"GET", "HEAD"} and scope["path"] in self.passed:
            return await self.app(scope, receive, send)
        await _send_json(send, 404, {"detail": NOT_FOUND}, scope=scope)


def _cors_headers(scope) -> list[tuple[bytes, bytes]]:
    origin = dict(scope.get("headers") or ()).get(b"origin", b"").decode("latin-1")
    if not origin or not re.match(settings.CORS_URLS_REGEX, scope["path"]):
        return []
    if origin not in settings.CORS_ALLOWED_ORIGINS and not getattr(settings, "CORS_ALLOW_ALL_ORIGINS", False):
        return []
    return [(b"access-control-allow-origin", origin.encode("latin-1")), (b"vary", b"origin")]


def _has_body(scope) -> bool:
    headers = dict(scope.get("headers") or ())
    return b"transfer-encoding" in headers or headers.get(b"content-length", b"0").strip() not in (b"0", b"")


def _content_length(scope) -> int | None:
    for name, value in scope.get("headers") or ():
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _resolve(scope):
    path = scope["path"]
    root = scope.get("root_path", "")
    if root and path.startswith(root):
        path = path[len(root) :]
    try:
        return resolve(path)
    except Resolver404:
        return None


def _is_upload_view(func) -> bool:
    view_class = getattr(func, "cls", None)
    parsers = getattr(view_class, "parser_classes", ())
    return any(isinstance(p, type) and issubclass(p, MultiPartParser | FileUploadParser) for p in parsers)


@database_sync_to_async
def _authorization_refusal(scope, match) -> tuple[int, dict, list] | None:
    """The view's own answer to these headers without a body (401, 403), or None when it would
    let the request in. Only `has_permission` runs: object permissions need the object, later."""
    view_class = match.func.cls
    view = view_class(**getattr(match.func, "initkwargs", {}))
    actions = getattr(match.func, "actions", None)
    if actions:
        view.action_map = actions
        view.action = actions.get(scope["method"].lower())
    if not hasattr(view, scope["method"].lower()) and not (actions and scope["method"].lower() in actions):
        return None  # the view answers 405 itself (the body is still capped)
    django_request = ASGIRequest(scope, io.BytesIO())
    request = Request(django_request, authenticators=view.get_authenticators())
    view.request, view.args, view.kwargs, view.format_kwarg = request, match.args, match.kwargs, None
    view.headers = {}
    try:
        view.perform_authentication(request)
        view.check_permissions(request)
    except Exception as exc:  # rendered by the project's exception handler, as in the view (503, 500 too)
        response = view.handle_exception(exc)
        headers = (
            [(b"www-authenticate", response["WWW-Authenticate"].encode())]
            if response.has_header("WWW-Authenticate")
            else []
        )
        return response.status_code, dict(response.data), headers
    return None


async def _send_json(send, status: int, body: dict, headers: list | None = None, *, scope) -> None:
    """A JSON answer sent from here, with the CORS headers django-cors-headers would have added, so a
    browser frontend can read the refusal."""
    content = json.dumps(body).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(content)).encode()),
                *(headers or []),
                *_cors_headers(scope),
            ],
        }
    )
    await send({"type": "http.response.body", "body": content})
