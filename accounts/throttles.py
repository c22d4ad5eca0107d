"""Throttles for the endpoints that guess passwords or send emails: per client IP and per email.

Each is a named `core.throttles` class; its rate is `DEFAULT_THROTTLE_RATES[scope]`.
"""

import hashlib

from accounts.models import normalize_email
from core.throttles import ClientIPThrottle, SchoolRateThrottle, UserThrottle


class EmailThrottle(SchoolRateThrottle):
    """Counts requests per email address in the body, however it is spelt; none sent: not counted."""

    def get_cache_key(self, request, view):
        email = request.data.get("email") if hasattr(request.data, "get") else None
        if not isinstance(email, str) or not email.strip():
            return None
        # Hashed: the key stays cache-safe whatever was typed, and no address is stored in the cache.
        ident = hashlib.sha256(normalize_email(email).encode()).hexdigest()
        return self.cache_format % {"scope": self.scope, "ident": ident}


class RegisterThrottle(ClientIPThrottle):
    scope = "register"


class LoginThrottle(ClientIPThrottle):
    scope = "login"


class LoginEmailThrottle(EmailThrottle):
    scope = "login_email"


class VerificationThrottle(ClientIPThrottle):
    scope = "verification"


class VerificationEmailThrottle(EmailThrottle):
    scope = "verification_email"


class PasswordResetThrottle(ClientIPThrottle):
    scope = "password_reset"


class PasswordResetEmailThrottle(EmailThrottle):
    scope = "password_reset_email"


class PasswordChangeThrottle(UserThrottle):
    """Guesses of `current_password` through a stolen access token, per account (as login counts them per email)."""

    scope = "password_change"
