"""WebSocket routes, behind an Origin check. `config.asgi` mounts `websocket_application`."""

import re

from channels.routing import URLRouter
from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.http.request import split_domain_port, validate_host
from django.urls import path, re_path

from messaging.consumers import MessagingConsumer

# A serialized origin as browsers send it (RFC 6454): scheme, host, optional port; nothing else
# (no user info, path, query, fragment or whitespace). The host is a DNS name or a bracketed IPv6.
_ORIGIN = re.compile(
    r"(?P<scheme>https?)://(?P<host>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::(?P<port>[0-9]{1,5}))?"
)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def serialized_origin(value: str) -> str | None:
    """`scheme://host[:port]`, lower-case and without a default port, or None for anything that is
    not exactly an http(s) origin (`null`, a path, user info, a bad port …)."""
    match = _ORIGIN.fullmatch(value)
    if match is None:
        return None
    scheme, host, port = match["scheme"].lower(), match["host"].lower(), match["port"]
    if port is not None:
        number = int(port)
        if not 0 < number < 65536:
            return None
        port = None if number == _DEFAULT_PORTS[scheme] else str(number)
    return f"{scheme}://{host}" + (f":{port}" if port else "")


class SchoolOriginValidator:
    """A browser may open a socket from a frontend origin (`CORS_ALLOWED_ORIGINS`) or from the API's
    own origin (the scheme the socket arrived with and its `Host`, when that host is allowed), exactly:
    scheme, host and port. Any other `Origin`, and a malformed one, is refused at the handshake
    (HTTP 403).

    A handshake with no `Origin` header is let through: browsers always send one, so it comes from
    a non-browser client (a mobile app, a script), which cross-site hijacking cannot involve, and it
    must still present a valid token. The lists are read from the settings on each connection.
    """

    def __init__(self, application):
        self.application = application

    async def __call__(self, scope, receive, send):
        if scope["type"] == "websocket" and not origin_allowed(scope):
            return await WebsocketDenier()(scope, receive, send)
        return await self.application(scope, receive, send)


def origin_allowed(scope) -> bool:
    origins = [value for name, value in scope.get("headers", ()) if name == b"origin"]
    if not origins:
        return True
    if len(origins) > 1:
        return False
    origin = serialized_origin(origins[0].decode("latin-1"))
    if origin is None:
        return False
    allowed = {serialized_origin(o) for o in settings.CORS_ALLOWED_ORIGINS}
    return origin in allowed or origin == _own_origin(scope)


def _own_origin(scope) -> str | None:
    """The origin a page served by this API would have: `http(s)://<Host>`, if the host is allowed."""
    host = next((value.decode("latin-1") for name, value in scope.get("headers", ()) if name == b"host"), None)
    if not host:
        return None
    domain, _ = split_domain_port(host)
    allowed_hosts = list(settings.ALLOWED_HOSTS)
    if settings.DEBUG and not allowed_hosts:  # as Django itself does
        allowed_hosts = [".localhost", "127.0.0.1", "[::1]"]
    if not domain or not validate_host(domain, allowed_hosts):
        return None
    scheme = "https" if scope.get("scheme") in ("wss", "https") else "http"
    return serialized_origin(f"{scheme}://{host}")


websocket_urlpatterns = [
    path("ws/messages/", MessagingConsumer.as_asgi()),
    # Anything else is refused cleanly instead of raising "No route found" in the server.
    re_path(r"", WebsocketDenier.as_asgi()),
]

websocket_application = SchoolOriginValidator(URLRouter(websocket_urlpatterns))
