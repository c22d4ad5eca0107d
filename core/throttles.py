"""The one throttle base: every throttle in the API is a named subclass of `SchoolRateThrottle`.

- The rate is `REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][scope]`, read on each request (DRF reads it
  once per class at import, so a settings change or a test override would not apply), else the
  class's `default_rate`.
- Counters live in the shared cache (Redis when REDIS_URL is set), so every app process shares them,
  read through `core.cache.strict_cache`: the `default` alias turns a Redis error into a
  miss (django-redis' IGNORE_EXCEPTIONS), so an outage would look like an empty history.
- A cache outage must not take the throttled endpoints down with it: the request is let through,
  and a warning is logged (tests/faults/test_redis_outage.py stops a real Redis to prove it).

What a request is counted by (its client IP, its user, the email in its body) is the subclass's
`get_cache_key`; `ClientIPThrottle` and `UserThrottle` are the two every app needs.
"""

import logging

from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from rest_framework.exceptions import APIException
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from core.cache import strict_cache

logger = logging.getLogger(__name__)


class SchoolRateThrottle(SimpleRateThrottle):
    cache = strict_cache
    # The rate when the settings name none for `scope`; None: the settings must name one.
    default_rate: str | None = None

    def get_rate(self) -> str:
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope) or self.default_rate
        if rate is None:
            raise ImproperlyConfigured(f"No throttle rate set for scope {self.scope!r}.")
        return rate

    def allow_request(self, request, view) -> bool:
        try:
            return super().allow_request(request, view)
        except (APIException, SuspiciousOperation):
            # A key read from the body: one that cannot be read (not JSON, wrong content type, too
            # large) is the client's error, answered as such (DRF would not parse it a second time).
            raise
        except Exception:
            logger.warning("throttle %s: cache unavailable, request allowed", self.scope, exc_info=True)
            return True


class ClientIPThrottle(SchoolRateThrottle):
    """Counts requests per client IP (`X-Forwarded-For` as far as NUM_PROXIES trusts it)."""

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class UserThrottle(SchoolRateThrottle):
    """Counts requests per signed-in user (per client IP for anonymous requests), as DRF's
    UserRateThrottle does: the same cache keys."""

    def get_cache_key(self, request, view):
        ident = request.user.pk if request.user and request.user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
