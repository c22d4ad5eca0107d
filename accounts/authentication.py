from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication


class CredentialsInBody(BaseAuthentication):
    """For endpoints whose credentials travel in the body (login, refresh, logout, reset).

    Ignores the Authorization header, so a stale access token cannot block them, yet lets
    DRF answer a failed login with 401 and `WWW-Authenticate: Bearer` (with no authenticator
    at all, DRF turns every 401 into a 403).
    """

    def authenticate(self, request):
        return None

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class CredentialsInBodyScheme(OpenApiAuthenticationExtension):
    """Tells the OpenAPI schema that these endpoints need no bearer token."""

    target_class = CredentialsInBody
    name = []  # no security scheme to register

    def get_security_requirement(self, auto_schema):
        return None

    def get_security_definition(self, auto_schema):
        return []
