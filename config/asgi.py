"""ASGI entry points: HTTP goes to Django (bodies capped first), `/ws/` to Channels consumers.

`application` serves both (`make run`, uvicorn); `websocket_server_application` is the production
WebSocket server's (config/gunicorn_ws.py), which answers plain HTTP with 404 but for its health check.

WebSocket connections must come from an allowed host or a CORS origin (see
`messaging.routing`), and authenticate with an access JWT in `?token=`.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_asgi_app = get_asgi_application()  # before importing anything that touches models

from channels.routing import ProtocolTypeRouter  # noqa: E402

from core.asgi import BodyLimitMiddleware, WebSocketServerHttp  # noqa: E402
from core.logging import sanitize_server_logs  # noqa: E402
from messaging.routing import websocket_application  # noqa: E402
from payments.checks import refuse_unsafe_sandbox  # noqa: E402

refuse_unsafe_sandbox()  # no server starts with the payment sandbox on in production

sanitize_server_logs()  # uvicorn's and gunicorn's own lines: no token from `?token=`

# Bodies over the limits are refused before Django reads them (core/asgi.py).
http_application = BodyLimitMiddleware(django_asgi_app)
application = ProtocolTypeRouter({"http": http_application, "websocket": websocket_application})
# The production WebSocket server (config/gunicorn_ws.py): sockets; plain HTTP is a 404 sent without
# reading the body, but the health check its load balancer polls.
websocket_server_application = ProtocolTypeRouter(
    {"http": WebSocketServerHttp(http_application), "websocket": websocket_application}
)
