"""The one rule of course progress, for courses with lessons and without (CONTRACT §2 and §11).

- A course without lessons holds the percentage its student reports (`PUT /api/users/me/progress/{id}/`).
- A course with lessons holds the share of its lessons the student completed, rounded down; the
  course-level endpoint still works there by completing lessons in outline order (100 completes them
  all, 0 resets them, 40 completes the first 40 % of them).
- `completed_at` is set when the percentage reaches 100 (the first time is kept) and cleared below.
- Reaching 100 issues the course's certificate, once per (user, course); it is kept if progress drops.

Every write locks the student's `CourseProgress` row for the course first (creating it if absent),
so two lesson updates of one student in one course run one after the other and the second counts
the first's completion. Callers have checked access; these functions only write.
"""

import re
import secrets
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from accounts.models import User
from courses.models import Certificate, Course, CourseProgress, Lesson, LessonProgress

# Letters and digits that cannot be misread for one another (no 0/O, 1/I/L); 4 groups of 4: 80 bits.
NUMBER_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
NUMBER_GROUPS = 4
NUMBER_PREFIX = "NCLEX"
CERTIFICATE_NUMBER_SHAPE = re.compile(r"[A-Z0-9-]{1,32}")


def share_completed(*, done: int, total: int) -> int:
    """A course's percentage from its lessons: `floor(100 * done / total)`, so 100 means every lesson."""
    return done * 100 // total


def certificate_number() -> str:
    """A fresh unguessable certificate number, e.g. `NCLEX-7KQ2-9HFD-M3TA-PW4C`."""
    groups = ("".join(secrets.choice(NUMBER_ALPHABET) for _ in range(4)) for _ in range(NUMBER_GROUPS))
    return "-".join([NUMBER_PREFIX, *groups])


def normalized_certificate_number(number: str) -> str | None:
    """A number as typed by a person (any case, spaces around it) in the form it is stored, or None
    when it cannot be one (letters, digits and dashes, at most 32): not worth a query."""
    number = number.strip().upper()
    return number if CERTIFICATE_NUMBER_SHAPE.fullmatch(number) else None


def _locked_course_progress(*, user: User, course_id) -> CourseProgress:
    progress, _ = CourseProgress.objects.select_for_update().get_or_create(
        user=user, course_id=course_id, defaults={"progress_percentage": 0, "completed_at": None}
    )
    return progress


def _record(progress: CourseProgress, percentage: int, now: datetime) -> CourseProgress:
    """Store `percentage` on a locked row with the completion rule, and issue the certificate at 100."""
    progress.progress_percentage = percentage
    if percentage < 100:
        progress.completed_at = None
    elif progress.completed_at is None:
        progress.completed_at = now
    progress.save(update_fields=["progress_percentage", "completed_at", "updated_at"])
    if percentage == 100:
        certificate_issue(user=progress.user, course_id=progress.course_id, now=now)
    return progress


def certificate_issue(*, user: User, course_id, now: datetime) -> Certificate:
    """The (user, course) certificate: issued the first time, returned as it is afterwards (revoked
    ones included: finishing again does not undo a revocation)."""
    existing = Certificate.objects.filter(user=user, course_id=course_id).first()
    if existing is not None:
        return existing
    course_title = Course.objects.values_list("title", flat=True).get(pk=course_id)
    for _ in range(5):  # a clash of 80-bit numbers is not expected; retrying costs nothing
        try:
            with transaction.atomic():
                return Certificate.objects.create(
                    number=certificate_number(),
                    user=user,
                    course_id=course_id,
                    full_name=user.full_name,
                    course_title=course_title,
                    issued_at=now,
                )
        except IntegrityError:
            existing = Certificate.objects.filter(user=user, course_id=course_id).first()
            if existing is not None:
                return existing
    raise RuntimeError("Could not draw a free certificate number.")


def _lessons_in_order(course_id) -> list:
    return list(
        Lesson.objects.filter(section__course_id=course_id)
        .order_by("section__position", "position")
        .values_list("id", flat=True)
    )


def _derive(progress: CourseProgress, now: datetime) -> CourseProgress:
    """Store the share of the course's lessons `progress.user` completed (a course with lessons)."""
    total = Lesson.objects.filter(section__course_id=progress.course_id).count()
    if total == 0:  # the course's last lesson went: its percentage stays as it was
        return progress
    done = LessonProgress.objects.filter(
        user_id=progress.user_id, lesson__section__course_id=progress.course_id, completed_at__isnull=False
    ).count()
    return _record(progress, share_completed(done=done, total=total), now)


def course_progress_set(*, user: User, course_id, percentage: int) -> CourseProgress:
    """The course-level report. Without lessons the percentage is stored as sent; with lessons it
    completes the first `floor(percentage * n / 100)` lessons in outline order and un-completes the
    others (first completion times and resume positions are kept; 0 also clears the positions), and
    the course holds the share that gives."""
    now = timezone.now()
    with transaction.atomic():
        progress = _locked_course_progress(user=user, course_id=course_id)
        lesson_ids = _lessons_in_order(course_id)
        if not lesson_ids:
            return _record(progress, percentage, now)
        keep = len(lesson_ids) * percentage // 100
        done, undone = lesson_ids[:keep], lesson_ids[keep:]
        rows = LessonProgress.objects.filter(user=user)
        if percentage == 0:
            rows.filter(lesson_id__in=undone).delete()
        else:
            rows.filter(lesson_id__in=undone, completed_at__isnull=False).update(completed_at=None, updated_at=now)
        rows.filter(lesson_id__in=done, completed_at__isnull=True).update(completed_at=now, updated_at=now)
        LessonProgress.objects.bulk_create(
            [LessonProgress(user=user, lesson_id=pk, completed_at=now) for pk in done], ignore_conflicts=True
        )
        return _record(progress, share_completed(done=len(done), total=len(lesson_ids)), now)


def lesson_progress_set(
    *, user: User, lesson: Lesson, position_seconds: int | None = None, completed: bool | None = None
) -> LessonProgress:
    """One lesson's report: the resume position and/or whether it is completed (the first completion
    time is kept); the course's percentage follows."""
    now = timezone.now()
    with transaction.atomic():
        course_progress = _locked_course_progress(user=user, course_id=lesson.section.course_id)
        row, _ = LessonProgress.objects.select_for_update().get_or_create(user=user, lesson=lesson)
        if position_seconds is not None:
            row.position_seconds = position_seconds
        if completed is True and row.completed_at is None:
            row.completed_at = now
        elif completed is False:
            row.completed_at = None
        row.save()
        _derive(course_progress, now)
    return row


def course_progress_refresh(*, course_id) -> None:
    """After a lesson is added or removed: every student's percentage in the course is the new share
    (a student may finish by a lesson's removal, and is then issued the certificate). One count per
    student in one grouped query; only the rows whose percentage changes are written."""
    now = timezone.now()
    with transaction.atomic():
        rows = list(
            CourseProgress.objects.select_for_update(of=("self",))
            .filter(course_id=course_id)
            .select_related("user")
            .order_by("pk")  # one lock order for every refresh: two never deadlock
        )
        total = Lesson.objects.filter(section__course_id=course_id).count()
        if total == 0 or not rows:
            return
        done = dict(
            LessonProgress.objects.filter(lesson__section__course_id=course_id, completed_at__isnull=False)
            .values("user_id")
            .annotate(n=Count("id"))
            .values_list("user_id", "n")
        )
        for progress in rows:
            percentage = share_completed(done=done.get(progress.user_id, 0), total=total)
            if percentage != progress.progress_percentage:
                _record(progress, percentage, now)
