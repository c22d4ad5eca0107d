from channels.routing import URLRouter
from channels.security.websocket import AllowedHostsOriginValidator

websocket_urlpatterns = []

websocket_application = AllowedHostsOriginValidator(URLRouter(websocket_urlpatterns))
