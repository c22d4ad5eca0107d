"""What every visitor's catalogue has in common, kept in the shared cache until a course changes.

Courses change rarely and the catalogue is read on every visit, so two things are built once and
served from the cache (Redis in production) by every process:
- `ANONYMOUS_BODY`: the whole JSON body an anonymous visitor gets (no video links, nothing enrolled);
- `PUBLISHED_ROWS`: the published courses' columns, which a signed-in user's catalogue combines with
  that user's enrollments (read per request, never cached: `courses.selectors.course_catalogue_for`).

Coherence is by version, not by deletion: an entry is stored with the version it was built under,
and every committed course write sets a new version. That is done here and only here: a Course
saved or deleted, by the course services, the admin site, the demo seed or anything else that goes
through the ORM's `save()` / `delete()`, calls `catalogue_cache_invalidate` once its transaction
commits (`post_save` / `post_delete` below). A read that raced a write stores its entry under
the old version, which no later read accepts; a lost version key (eviction, Redis restart) starts a
fresh random version, which no stored entry matches. With the cache down, entries are built per request.
"""

import uuid
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core.aftercommit import run_after_commit
from courses.models import Course

VERSION_KEY = "courses:catalogue:version"
ANONYMOUS_BODY = "courses:catalogue:anonymous"
# Named for their shape: a deploy that changes what an entry holds renames its key, so a new process
# never reads an entry written by an old one.
PUBLISHED_ROWS = "courses:catalogue:published:v3"
# A safety net only: writes invalidate at once.
ENTRY_SECONDS = 600

T = TypeVar("T")


# This process's copies of entries, by key: (version, value). Only served while the shared version
# still matches, so a process never answers with an entry another process has invalidated; it
# saves fetching and unpickling the entry (the anonymous body is 68 KB) on every request.
_local: dict[str, tuple[str, object]] = {}


def catalogue_cached(key: str, build: Callable[[], T]) -> T:
    """The entry `key`: from this process or the shared cache when it was built under the current
    version, else `build()` (then stored for the next reader)."""
    version = cache.get(VERSION_KEY)
    local = _local.get(key)
    if version is not None and local is not None and local[0] == version:
        return local[1]
    entry = cache.get(key) if version is not None else None
    if entry is not None and entry[0] == version:
        _local[key] = entry
        return entry[1]
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    value = build()
    if version is not None:
        cache.set(key, (version, value), timeout=ENTRY_SECONDS)
        _local[key] = (version, value)
    return value


def catalogue_cache_invalidate() -> None:
    """A course was written: no entry built before now is served again. Call it after commit."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


@receiver(post_save, sender=Course, dispatch_uid="courses.cache.course_saved")
@receiver(post_delete, sender=Course, dispatch_uid="courses.cache.course_deleted")
def _course_written(sender, **kwargs) -> None:
    # After commit: a reader between the write and the commit would rebuild the old catalogue
    # under the new version.
    run_after_commit(catalogue_cache_invalidate)
