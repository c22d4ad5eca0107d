from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import AuthenticationFailed
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import InvalidToken
from rest_framework_simplejwt.tokens import Token

from accounts.sessions import access_token_denied

TOKEN_REVOKED = "Token is invalid or expired."


class BearerAuthentication(JWTAuthentication):
    """The one way a request (and a WebSocket) is authenticated: `Authorization: Bearer <access JWT>`.

    SimpleJWT's checks (signature, expiry, type, active user, password fingerprint), and then the
    session's: a token denied at logout or belonging to a revoked session (refresh-token reuse, a
    password change) is refused, although it has not expired (see `accounts.sessions`).
    """

    def get_validated_token(self, raw_token: bytes) -> Token:
        token = super().get_validated_token(raw_token)
        if access_token_denied(token):
            raise InvalidToken(TOKEN_REVOKED)
        return token


def presented_access_token(request) -> Token | None:
    """The valid access token in the request's Authorization header, if any (logout ends it)."""
    authentication = BearerAuthentication()
    header = authentication.get_header(request)
    try:
        raw = authentication.get_raw_token(header) if header else None
        return authentication.get_validated_token(raw) if raw else None
    except AuthenticationFailed:
        return None


class BearerAuthenticationScheme(SimpleJWTScheme):
    """The schema's `jwtAuth` bearer scheme, as for SimpleJWT's own class."""

    target_class = BearerAuthentication


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
