"""Throttles for the endpoints that guess passwords or send emails: per client IP and per email.

Counters live in the default cache (Redis when REDIS_URL is set), so every app process shares them.
Rates come from REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], read on each request.
"""

import hashlib
import logging

from django.core.exceptions import SuspiciousOperation
from rest_framework.exceptions import APIException
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from accounts.models import normalize_email

logger = logging.getLogger(__name__)


class _SharedRateThrottle(SimpleRateThrottle):
    def __init__(self):
        # SimpleRateThrottle reads its rate once per class; read it per request so settings changes apply.
        self.rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
        self.num_requests, self.duration = self.parse_rate(self.rate)

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except (APIException, SuspiciousOperation):
            # The per-email key reads the body: one that cannot be read (not JSON, wrong content type,
            # too large) is the client's error, answered as such (DRF would not parse it a second time).
            raise
        except Exception:
            # A cache outage must not take logins down with it: fail open, loudly.
            logger.warning("throttle %s: cache unavailable, request allowed", self.scope, exc_info=True)
            return True


class IPThrottle(_SharedRateThrottle):
    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class EmailThrottle(_SharedRateThrottle):
    def get_cache_key(self, request, view):
        email = request.data.get("email") if hasattr(request.data, "get") else None
        if not isinstance(email, str) or not email.strip():
            return None
        # Hashed: the key stays cache-safe whatever was typed, and no address is stored in the cache.
        ident = hashlib.sha256(normalize_email(email).encode()).hexdigest()
        return self.cache_format % {"scope": self.scope, "ident": ident}


def throttles(scope: str, *, per_email: bool = False) -> list[type]:
    """Throttle classes for one endpoint: `scope` per IP, and `<scope>_email` per email address."""
    classes = [type(f"{scope.title()}IPThrottle", (IPThrottle,), {"scope": scope})]
    if per_email:
        classes.append(type(f"{scope.title()}EmailThrottle", (EmailThrottle,), {"scope": f"{scope}_email"}))
    return classes
