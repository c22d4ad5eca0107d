"""Writes for courses, enrollments and progress. Each service names the rule it enforces.

Every course write ends the cached catalogue once it commits: `courses.cache` listens to Course's
saves and deletes, whoever makes them (these services, the admin site, the demo seed)."""

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

from django.db import transaction
from django.db.models.deletion import ProtectedError

from accounts.models import User
from core.aftercommit import run_after_commit
from core.exceptions import ApplicationError
from courses.lesson_selectors import lesson_stored_files
from courses.models import Course, CourseProgress, Enrollment, default_currency
from courses.progress import course_progress_set
from courses.selectors import course_catalogue_entry
from courses.videos import is_signed_media_url_of, video_delete, video_store

NOT_FOUND = "Not found."
PAYMENT_REQUIRED = "Payment required."
ENROLL_TO_TRACK = "Enroll in this course to track progress."
COURSE_HAS_PAYMENTS = "This course has payments and cannot be deleted. Unpublish it instead."


def enrollment_create(*, user: User, course: Course, source: str, payment=None) -> tuple[Enrollment, bool]:
    """Enroll `user` in `course`. One enrollment per (user, course): enrolling again returns the
    existing row with `created=False`; two concurrent calls create one row (unique constraint)."""
    with transaction.atomic():
        return Enrollment.objects.get_or_create(
            user=user, course=course, defaults={"source": source, "payment": payment}
        )


def _catalogue_course(*, user: User, course_id) -> dict:
    """A published course as `user` sees it (`courses.selectors.course_catalogue_entry`: the cached
    catalogue and the user's enrollment in it); 404 when unknown or unpublished."""
    course = course_catalogue_entry(user=user, course_id=course_id)
    if course is None:
        raise ApplicationError(NOT_FOUND, status=404)
    return course


def course_enroll(*, user: User, course_id) -> tuple[Enrollment, bool]:
    """Enroll `user` on request. Rule: a free course is open to any signed-in user; a paid one is
    entered only through a successful payment (402 here). Already enrolled: the existing enrollment."""
    course = _catalogue_course(user=user, course_id=course_id)
    if course["is_enrolled"]:
        return Enrollment.objects.select_related("course").get(user=user, course_id=course["id"]), False
    if not course["is_free"]:
        raise ApplicationError(PAYMENT_REQUIRED, status=402)
    return enrollment_create(user=user, course=Course.objects.get(pk=course["id"]), source=Enrollment.Source.FREE)


def progress_set(*, user: User, course_id, progress_percentage: int) -> CourseProgress:
    """Record how far `user` is through a course (an upsert of their one row for it).

    Rules: only a user with access to the course tracks progress (403 otherwise; the access rule is
    `courses.selectors.has_access`); what is stored, `completed_at` and the certificate follow the one
    progress rule, `courses.progress` (a course with lessons holds the share of them completed).
    Two concurrent updates of the same row neither raise nor create two rows: the unique
    (user, course) constraint lets one insert win, and the row lock taken by `select_for_update`
    makes the other wait and then update that row.
    """
    course = _catalogue_course(user=user, course_id=course_id)
    if not course["has_access"]:
        raise ApplicationError(ENROLL_TO_TRACK, status=403)
    return course_progress_set(user=user, course_id=course["id"], percentage=progress_percentage)


@contextmanager
def _deleted_unless_saved(stored_name: str) -> Iterator[None]:
    """A freshly stored video whose course row does not get written is deleted at once, so a failed
    request leaves no orphan file. (It cannot see an enclosing transaction rolled back later; the
    API views run in autocommit, where the inner atomic block is the commit.)"""
    try:
        yield
    except BaseException:
        video_delete(stored_name)
        raise


def course_create(
    *,
    title: str,
    description: str = "",
    video_url: str = "",
    video_file=None,
    price: Decimal = Decimal("0.00"),
    currency: str | None = None,
    is_published: bool = True,
) -> Course:
    """Create a course whose video is either a link (`video_url`) or an upload (`video_file`).

    Rule: an uploaded video is stored under our own name (type and size rules in
    `courses.videos.video_store`) and kept in `video_file` alone: no URL of it is stored, since
    clients only ever get a short-lived signed link, made when answering (`signed_media_url`).
    """
    stored_name = video_store(video_file) if video_file is not None else ""
    with _deleted_unless_saved(stored_name), transaction.atomic():
        course = Course(
            title=title,
            description=description,
            video_url="" if stored_name else video_url,
            video_file=stored_name,
            price=price,
            currency=currency or default_currency(),
            is_published=is_published,
        )
        course.save()
    return course


def course_update(*, course: Course, video_file=None, **changes) -> Course:
    """Change a course; fields not in `changes` keep their value.

    Rule: when the video is replaced (a new upload, or a different link), the previously uploaded
    file is removed once the change is committed, never before (a rollback keeps it in use). The
    row is locked while changing, so two concurrent replacements each remove the file they replaced.
    """
    stored_name = video_store(video_file) if video_file is not None else ""
    with _deleted_unless_saved(stored_name), transaction.atomic():
        course = Course.objects.select_for_update().get(pk=course.pk)
        replaced_file = course.video_file
        new_link = changes.pop("video_url", None)
        for field, value in changes.items():
            setattr(course, field, value)
        if stored_name:
            course.video_file, course.video_url = stored_name, ""
        elif new_link not in (None, course.video_url) and not is_signed_media_url_of(new_link, replaced_file):
            # A client that sends back the course it read (the stored file's signed link included)
            # keeps its file.
            course.video_file = ""
            course.video_url = new_link
        course.save()
        if replaced_file and replaced_file != course.video_file:
            run_after_commit(video_delete, replaced_file)
    return course


def course_delete(*, course: Course) -> None:
    """Delete a course with its enrollments, progress and lessons; its uploaded files go after the commit.

    Rule: a course somebody paid for is kept for the payment records (409): unpublish it instead.
    """
    stored_names = [course.video_file, *lesson_stored_files(course_id=course.pk)]
    with transaction.atomic():
        try:
            course.delete()
        except ProtectedError:
            raise ApplicationError(COURSE_HAS_PAYMENTS, status=409) from None
        for stored_name in filter(None, stored_names):
            run_after_commit(video_delete, stored_name)
