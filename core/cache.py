"""The shared cache with its errors raised, for the callers that have a fail-open branch of their own.

Through the `default` alias a Redis outage looks like a miss: django-redis' IGNORE_EXCEPTIONS turns
every error into `None` (or the default), which is what most readers want (the catalogue is built
again, the API keeps answering). A caller whose rule is "if the cache is down, do X" cannot tell an
outage from a miss that way: `cache.add` answers None, read as "already there". `strict_cache` is
the same store (settings.CACHES["strict"]: the same Redis and key prefix, or the same process
memory) whose calls raise, so that branch is taken: the throttles let the request through
(core.throttles) and the status poll re-verifies a stale payment (payments.services).
"""

from django.core.cache import caches
from django.utils.connection import ConnectionProxy

strict_cache = ConnectionProxy(caches, "strict")
