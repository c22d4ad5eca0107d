"""ASGI entry point: HTTP goes to Django, `/ws/` to Channels consumers.

WebSocket connections must come from an allowed host or a CORS origin (see
`messaging.routing`), and authenticate with an access JWT in `?token=`.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_asgi_app = get_asgi_application()  # before importing anything that touches models

from channels.routing import ProtocolTypeRouter  # noqa: E402

from messaging.routing import websocket_application  # noqa: E402

application = ProtocolTypeRouter({"http": django_asgi_app, "websocket": websocket_application})
