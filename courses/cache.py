"""The anonymous catalogue's response body, kept in the shared cache until a course changes.

Every anonymous visitor sees the same catalogue (no video links, nothing enrolled), and courses
change rarely, so its JSON is built once and served from the cache (Redis in production) by every
process. Signed-in users' catalogues depend on their enrollments and are never cached.

Coherence is by version, not by deletion: the body is stored with the version it was built under,
and every committed course write sets a new version (`catalogue_cache_invalidate`, called after
commit by the course services and the admin site). A read that raced a write stores its body under
the old version, which no later read accepts; a lost version key (eviction, Redis restart) starts a
fresh random version, which no stored body matches. With the cache down, the body is built per request.
"""

import uuid
from collections.abc import Callable

from django.core.cache import cache

VERSION_KEY = "courses:catalogue:version"
BODY_KEY = "courses:catalogue:anonymous"
# A safety net only: writes invalidate at once.
BODY_SECONDS = 600


def catalogue_cache_get_or_build(build: Callable[[], bytes]) -> bytes:
    """The anonymous catalogue's body: from the cache when it was built under the current version,
    else `build()` (then stored for the next visitor)."""
    found = cache.get_many([VERSION_KEY, BODY_KEY])
    version = found.get(VERSION_KEY)
    entry = found.get(BODY_KEY)
    if version is not None and entry is not None and entry[0] == version:
        return entry[1]
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    body = build()
    if version is not None:
        cache.set(BODY_KEY, (version, body), timeout=BODY_SECONDS)
    return body


def catalogue_cache_invalidate() -> None:
    """A course was written: no body built before now is served again. Call it after commit."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
