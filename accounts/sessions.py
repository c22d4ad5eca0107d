"""Login sessions: the tokens one login hands out, and how they end before they expire.

- Every token pair carries the id of its `LoginSession` in the `sid` claim; a rotated refresh token
  passes it on, so every token descended from one login shares it (the token family).
- A refresh token is accepted only while its session is not revoked (`LoginSession.revoked_at`, in
  the database).
- An access token is refused (`accounts.authentication.BearerAuthentication`, the one place every
  request and socket is authenticated) when its own `jti` was denied at logout or its session was
  revoked. Both denials live in the shared cache (Redis when `REDIS_URL` is set, so every process
  sees them) for as long as such an access token could still be valid: its remaining lifetime, or
  the access lifetime for a session. A cache outage lets access tokens through until they expire
  (at most `JWT_ACCESS_TOKEN_MINUTES`); refresh tokens are still refused.
- Sessions also end on a password change or reset (the tokens carry a fingerprint of the password
  hash) and on deactivation (every request checks `is_active`).
- What outlives every token is deleted nightly (`sessions_prune`): expired refresh tokens (the
  blacklist's rows) and the sessions whose newest refresh token has expired.
"""

import time
import uuid
from datetime import UTC, datetime

from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken, Token

from accounts.models import LoginSession, User

SESSION_CLAIM = "sid"
_DENIED_JTI = "accounts:denied-jti:{}"
_REVOKED_SESSION = "accounts:revoked-session:{}"


def session_token_pair(*, user: User, session: LoginSession) -> dict[str, str]:
    """A new refresh token of `session` and the access token that goes with it. The session is
    saved with the new token's expiry: a new one (unsaved) is inserted with it."""
    refresh = RefreshToken.for_user(user)
    refresh[SESSION_CLAIM] = str(session.pk)  # copied into the access token by SimpleJWT
    session.expires_at = datetime.fromtimestamp(refresh["exp"], tz=UTC)
    session.save(update_fields=None if session._state.adding else ["expires_at"])
    return {"access": str(refresh.access_token), "refresh": str(refresh)}


def token_session_id(token: Token) -> uuid.UUID | None:
    """The session a token belongs to; None for a token issued before sessions existed, or a malformed claim."""
    try:
        return uuid.UUID(str(token[SESSION_CLAIM]))
    except (KeyError, ValueError):
        return None


def access_token_denied(token: Token) -> bool:
    """Whether this access token was denied at logout or belongs to a revoked session (one cache read)."""
    keys = [_DENIED_JTI.format(token[api_settings.JTI_CLAIM])]
    session_id = token_session_id(token)
    if session_id is not None:
        keys.append(_REVOKED_SESSION.format(session_id))
    return bool(cache.get_many(keys))


def access_token_deny(token: Token) -> None:
    """This access token is refused until it would have expired anyway."""
    remaining = int(token["exp"] - time.time()) + 1
    if remaining > 0:
        cache.set(_DENIED_JTI.format(token[api_settings.JTI_CLAIM]), True, timeout=remaining)


def sessions_revoke(*, session_ids: list[uuid.UUID]) -> None:
    """These sessions end: their refresh tokens are refused (the rows, in the caller's transaction) and
    so are their access tokens, for as long as any of them can still be valid (the cache mark, set at
    once: callers revoke after their last check, so the transaction commits)."""
    if not session_ids:
        return
    LoginSession.objects.filter(pk__in=session_ids, revoked_at__isnull=True).update(revoked_at=timezone.now())
    timeout = int(api_settings.ACCESS_TOKEN_LIFETIME.total_seconds()) + 1
    marks = {_REVOKED_SESSION.format(session_id): True for session_id in session_ids}
    cache.set_many(marks, timeout=timeout)


def user_sessions_revoke(*, user: User) -> None:
    """Every live session of the user ends (a password change or reset)."""
    session_ids = list(user.login_sessions.filter(revoked_at__isnull=True).values_list("pk", flat=True))
    sessions_revoke(session_ids=session_ids)


def sessions_prune(*, now: datetime | None = None) -> tuple[int, int]:
    """Deletes what no valid token refers to any more: refresh tokens past their expiry (their
    blacklist entries with them; what SimpleJWT's `flushexpiredtokens` does) and sessions whose
    newest refresh token has expired. A session from before `expires_at` was recorded counts as
    expired one refresh lifetime after it began; should it have rotated since, its next refresh
    starts a new session, as a token from before sessions existed does. Returns (tokens, sessions)
    deleted."""
    now = now or timezone.now()
    tokens = OutstandingToken.objects.filter(expires_at__lte=now).delete()[1].get(OutstandingToken._meta.label, 0)
    begun_before = now - api_settings.REFRESH_TOKEN_LIFETIME
    expired = Q(expires_at__lte=now) | Q(expires_at__isnull=True, created_at__lte=begun_before)
    sessions = LoginSession.objects.filter(expired).delete()[1].get(LoginSession._meta.label, 0)
    return tokens, sessions
