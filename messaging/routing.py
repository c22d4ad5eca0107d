"""WebSocket routes, behind an Origin check. `config.asgi` mounts `websocket_application`."""

from channels.routing import URLRouter
from channels.security.websocket import OriginValidator, WebsocketDenier
from django.conf import settings
from django.urls import path, re_path

from messaging.consumers import MessagingConsumer


class SchoolOriginValidator(OriginValidator):
    """A browser may open a socket from an allowed host (`ALLOWED_HOSTS`, any scheme and port) or
    a frontend origin (`CORS_ALLOWED_ORIGINS`, exact scheme, host and port); any other `Origin` is
    refused at the handshake (HTTP 403).

    A handshake with no `Origin` header is let through: browsers always send one, so it comes from
    a non-browser client (a mobile app, a script), which cross-site hijacking cannot involve, and it
    must still present a valid token. The lists are read from the settings on each connection.
    """

    def __init__(self, application):
        self.application = application

    @property
    def allowed_origins(self) -> list[str]:
        hosts = list(settings.ALLOWED_HOSTS)
        if settings.DEBUG and not hosts:  # as Django itself and AllowedHostsOriginValidator do
            hosts = [".localhost", "127.0.0.1", "[::1]"]
        return hosts + list(getattr(settings, "CORS_ALLOWED_ORIGINS", []))

    def valid_origin(self, parsed_origin) -> bool:
        if parsed_origin is None:
            return True
        return self.validate_origin(parsed_origin)


websocket_urlpatterns = [
    path("ws/messages/", MessagingConsumer.as_asgi()),
    # Anything else is refused cleanly instead of raising "No route found" in the server.
    re_path(r"", WebsocketDenier.as_asgi()),
]

websocket_application = SchoolOriginValidator(URLRouter(websocket_urlpatterns))
