"""Writes for sections, lessons, lesson progress and certificates (CONTRACT §11). Each service names
the rule it enforces; the progress rule itself lives in `courses.progress`.

Positions count from 1 and stay without gaps: a new section or lesson goes last, a removed one closes
its gap, and a reorder names every child once. The parent row (course or section) is locked while
its children are renumbered, so concurrent writes of one outline run one after the other."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from accounts.models import User
from core.aftercommit import run_after_commit
from core.exceptions import ApplicationError
from courses.lesson_files import lesson_file_store, lesson_video_store
from courses.models import Certificate, Course, Lesson, LessonProgress, Section
from courses.progress import course_progress_refresh, lesson_progress_set
from courses.selectors import course_catalogue_entry
from courses.videos import is_signed_media_url_of, video_delete

NOT_FOUND = "Not found."
ENROLL_TO_TRACK = "Enroll in this course to track progress."
REORDER_EVERY_CHILD = "List every {child} of this {parent} exactly once."
ALREADY_REVOKED = "This certificate is already revoked."


# --- Sections ----------------------------------------------------------------------------------


def section_create(*, course: Course, title: str) -> Section:
    """Add a section at the end of `course`'s outline."""
    with transaction.atomic():
        Course.objects.select_for_update().filter(pk=course.pk).first()
        last = Section.objects.filter(course=course).aggregate(last=Max("position"))["last"] or 0
        return Section.objects.create(course=course, title=title, position=last + 1)


def section_update(*, section: Section, title: str) -> Section:
    section.title = title
    section.save(update_fields=["title", "updated_at"])
    return section


def section_delete(*, section: Section) -> None:
    """Remove a section with its lessons (their stored files go after the commit); the sections after
    it move up one; the course's progress follows its remaining lessons."""
    with transaction.atomic():
        Course.objects.select_for_update().filter(pk=section.course_id).first()
        stored = [name for pair in section.lessons.values_list("video_file", "file") for name in pair if name]
        had_lessons = section.lessons.exists()
        section.delete()
        Section.objects.filter(course_id=section.course_id, position__gt=section.position).update(
            position=F("position") - 1
        )
        for name in stored:
            run_after_commit(video_delete, name)
        if had_lessons:
            course_progress_refresh(course_id=section.course_id)


def _reorder(children: list, ids: list, *, child: str, parent: str) -> None:
    by_id = {row.pk: row for row in children}
    if len(ids) != len(by_id) or set(ids) != set(by_id):
        message = REORDER_EVERY_CHILD.format(child=child, parent=parent)
        raise ApplicationError(message, errors={"ids": [message]})
    moved = []
    for position, pk in enumerate(ids, start=1):
        row = by_id[pk]
        if row.position != position:
            row.position = position
            moved.append(row)
    if moved:  # the (parent, position) constraints are deferred: swaps are checked at commit
        type(moved[0]).objects.bulk_update(moved, ["position"])


def section_reorder(*, course: Course, ids: list) -> list[Section]:
    """Put `course`'s sections in the order of `ids` (every one of them, once: else 400)."""
    with transaction.atomic():
        Course.objects.select_for_update().filter(pk=course.pk).first()
        sections = list(Section.objects.filter(course=course))
        _reorder(sections, ids, child="section", parent="course")
    return list(Section.objects.filter(course=course).order_by("position"))


# --- Lessons -----------------------------------------------------------------------------------


@contextmanager
def _deleted_unless_saved(names: list[str]) -> Iterator[None]:
    """Freshly stored files whose lesson row is not written are removed at once (no orphans)."""
    try:
        yield
    except BaseException:
        for name in names:
            video_delete(name)
        raise


def _check_content(lesson: Lesson) -> None:
    problem = lesson.missing_content()
    if problem is not None:
        field, message = problem
        raise ApplicationError(message, errors={field: [message]})


def _store_uploads(video_file, file) -> tuple[str, str]:
    stored_video = lesson_video_store(video_file) if video_file is not None else ""
    try:
        stored_file = lesson_file_store(file) if file is not None else ""
    except BaseException:
        video_delete(stored_video)
        raise
    return stored_video, stored_file


def lesson_create(*, section: Section, video_file=None, file=None, **fields) -> Lesson:
    """Add a lesson at the end of `section`. Rules: it has the content its kind names (a video link or
    upload, a body, a PDF), uploads follow `courses.lesson_files`; every student's course percentage
    becomes the share of the new total."""
    stored_video, stored_file = _store_uploads(video_file, file)
    with _deleted_unless_saved([n for n in (stored_video, stored_file) if n]), transaction.atomic():
        Section.objects.select_for_update().filter(pk=section.pk).first()
        last = Lesson.objects.filter(section=section).aggregate(last=Max("position"))["last"] or 0
        lesson = Lesson(section=section, position=last + 1, **fields)
        if stored_video:
            lesson.video_file, lesson.video_url = stored_video, ""
        if stored_file:
            lesson.file = stored_file
        _check_content(lesson)
        lesson.save()
        course_progress_refresh(course_id=section.course_id)
    return lesson


def lesson_update(*, lesson: Lesson, video_file=None, file=None, **changes) -> Lesson:
    """Change a lesson; fields left out keep their value. A replaced upload (a new one, or a link
    instead of an uploaded video) is removed once the change commits; the result must still have the
    content its kind names."""
    stored_video, stored_file = _store_uploads(video_file, file)
    with _deleted_unless_saved([n for n in (stored_video, stored_file) if n]), transaction.atomic():
        lesson = Lesson.objects.select_for_update().get(pk=lesson.pk)
        replaced = []
        new_link = changes.pop("video_url", None)
        for field, value in changes.items():
            setattr(lesson, field, value)
        if stored_video:
            replaced.append(lesson.video_file)
            lesson.video_file, lesson.video_url = stored_video, ""
        elif new_link not in (None, lesson.video_url) and not is_signed_media_url_of(new_link, lesson.video_file):
            # A client that sends back the lesson it read (the stored file's signed link) keeps its file.
            replaced.append(lesson.video_file)
            lesson.video_file, lesson.video_url = "", new_link
        if stored_file:
            replaced.append(lesson.file)
            lesson.file = stored_file
        _check_content(lesson)
        lesson.save()
        for name in filter(None, replaced):
            run_after_commit(video_delete, name)
    return lesson


def lesson_delete(*, lesson: Lesson) -> None:
    """Remove a lesson (its stored files after the commit); the lessons after it move up one; every
    student's course percentage becomes the share of the remaining lessons."""
    course_id = lesson.section.course_id
    with transaction.atomic():
        Section.objects.select_for_update().filter(pk=lesson.section_id).first()
        lesson.delete()
        Lesson.objects.filter(section_id=lesson.section_id, position__gt=lesson.position).update(
            position=F("position") - 1
        )
        for name in filter(None, (lesson.video_file, lesson.file)):
            run_after_commit(video_delete, name)
        course_progress_refresh(course_id=course_id)


def lesson_reorder(*, section: Section, ids: list) -> list[Lesson]:
    """Put `section`'s lessons in the order of `ids` (every one of them, once: else 400)."""
    with transaction.atomic():
        Section.objects.select_for_update().filter(pk=section.pk).first()
        lessons = list(Lesson.objects.filter(section=section))
        _reorder(lessons, ids, child="lesson", parent="section")
    return list(Lesson.objects.filter(section=section).order_by("position"))


# --- Lesson progress -----------------------------------------------------------------------------


def my_lesson_progress_set(
    *, user: User, lesson_id, position_seconds: int | None = None, completed: bool | None = None
) -> LessonProgress:
    """A student's report on one lesson. Rules: as course progress, only a user with access to the
    course tracks it (403; `courses.selectors.has_access`), a lesson of an unknown or unpublished
    course is 404; the course's percentage follows (`courses.progress`)."""
    lesson = Lesson.objects.select_related("section").filter(pk=lesson_id).first()
    course = None if lesson is None else course_catalogue_entry(user=user, course_id=lesson.section.course_id)
    if course is None:
        raise ApplicationError(NOT_FOUND, status=404)
    if not course["has_access"]:
        raise ApplicationError(ENROLL_TO_TRACK, status=403)
    return lesson_progress_set(user=user, lesson=lesson, position_seconds=position_seconds, completed=completed)


# --- Certificates --------------------------------------------------------------------------------


def certificate_revoke(*, certificate: Certificate) -> Certificate:
    """Void a certificate: its public check answers `valid: false` from now on. Revoking twice is 400."""
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if certificate.revoked_at is not None:
            raise ApplicationError(ALREADY_REVOKED)
        certificate.revoked_at = timezone.now()
        certificate.save(update_fields=["revoked_at"])
    return certificate
