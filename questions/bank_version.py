"""The bank version: a token in the shared cache that changes whenever the items an exam may draw
could have changed — an item or case study written, published, retired, recalibrated, imported or
deleted, or an item's courses changed. Readers that cache what they read of the bank key it by this
token (`exams.sitting.bank_load`), so a change reaches every process at its next request.

`bank_changed` is the one invalidation point. Writes that go through `Model.save()`/`delete()` and
the course links reach it by the receivers below; bulk writes (import, calibration, the admin site's
case-study actions) call it themselves. It takes effect once the writing transaction commits: a
reader can never cache the old rows under the new token. An evicted token is replaced by a new one,
which only costs a reload.
"""

import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from questions.models import CaseStudy, Question

KEY = "questions:bank-version"


def bank_version() -> str:
    """The current token (one cache read)."""
    version = cache.get(KEY)
    if version is None:
        cache.add(KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(KEY) or "unversioned"  # the cache is down: nothing is cached either
    return version


def bank_changed() -> None:
    """A new token once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: cache.set(KEY, uuid.uuid4().hex, timeout=None))


@receiver([post_save, post_delete], sender=Question, dispatch_uid="questions_bank_changed_question")
@receiver([post_save, post_delete], sender=CaseStudy, dispatch_uid="questions_bank_changed_case")
def _item_written(sender, **kwargs) -> None:
    bank_changed()


@receiver(m2m_changed, sender=Question.courses.through, dispatch_uid="questions_bank_changed_courses")
def _courses_changed(sender, action: str, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        bank_changed()
