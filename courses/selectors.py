"""Reads for courses, enrollments and progress.

The catalogue has one read model: the published courses as every visitor sees them (cached,
`published_course_rows`), plus the requester's grants (their enrollments, one index read,
`enrolled_course_ids`). `has_access` is the school's one access rule over the two; the catalogue,
a course's page, enrolling, progress and the question bank (`accessible_course_ids`) all read
through it. The other reads return querysets that list in one query.
"""

from collections.abc import Collection

from django.db.models import Q, QuerySet

from accounts.models import User
from core.money import format_money
from courses.cache import PUBLISHED_ROWS, catalogue_cached
from courses.models import Course, CourseProgress, Enrollment, price_is_free


def published_course_rows() -> list[dict]:
    """Published courses, newest first, as dicts of the columns every visitor sees, and `is_free`:
    the same for everyone, so read from the shared cache until a course changes (`courses.cache`).
    Ids and prices are stored as their JSON strings (UUID and Decimal objects unpickle slowly)."""

    def build() -> list[dict]:
        rows = Course.objects.filter(is_published=True).order_by("-created_at")
        rows = rows.values("id", "title", "description", "video_url", "price", "currency")
        return [
            {**row, "id": str(row["id"]), "price": format_money(row["price"]), "is_free": price_is_free(row["price"])}
            for row in rows
        ]

    return catalogue_cached(PUBLISHED_ROWS, build)


def enrolled_course_ids(*, user: User, course_id=None) -> set[str]:
    """`user`'s grants: the ids of the courses they are enrolled in (only `course_id`'s, when given),
    from one index read; none for an anonymous visitor, without a query."""
    if not user.is_authenticated:
        return set()
    enrollments = Enrollment.objects.filter(user=user)
    if course_id is not None:
        enrollments = enrollments.filter(course_id=course_id)
    return {str(pk) for pk in enrollments.values_list("course_id", flat=True)}


def has_access(*, user: User, course: dict, enrolled: Collection[str]) -> bool:
    """The access rule of the school: **a user has access to a course if they are an admin, enrolled,
    or the course is free**. "User" means a signed-in account: an anonymous visitor browses the
    catalogue but has access to no video, free ones included, so that a free course still asks for
    an (also free) account before its video plays. `course` is a row of `published_course_rows`,
    `enrolled` the user's grants (`enrolled_course_ids`)."""
    return user.is_authenticated and (user.is_admin or course["is_free"] or course["id"] in enrolled)


def _as_seen_by(user: User, course: dict, enrolled: Collection[str]) -> dict:
    return {
        **course,
        "is_enrolled": course["id"] in enrolled,
        "has_access": has_access(user=user, course=course, enrolled=enrolled),
    }


def course_catalogue_for(*, user: User) -> list[dict]:
    """The whole catalogue as `user` sees it: each published course with `is_enrolled` and
    `has_access`, from the cached published courses and one read of `user`'s enrollments (none
    when anonymous), instead of an EXISTS per course and the rows themselves (bench/RESULTS.md)."""
    enrolled = enrolled_course_ids(user=user)
    return [_as_seen_by(user, course, enrolled) for course in published_course_rows()]


def course_catalogue_entry(*, user: User, course_id) -> dict | None:
    """One published course as `user` sees it (a row of `course_catalogue_for`), or None when it is
    unknown or unpublished: from the cached published courses and, for a signed-in user, one index
    read of their enrollment in it."""
    key = str(course_id)
    course = next((row for row in published_course_rows() if row["id"] == key), None)
    if course is None:
        return None
    return _as_seen_by(user, course, enrolled_course_ids(user=user, course_id=key))


def accessible_course_ids(*, user: User) -> set[str]:
    """The published courses `user` has access to (`has_access`), as id strings: what the question
    bank's `course_ids` are checked against."""
    return {row["id"] for row in course_catalogue_for(user=user) if row["has_access"]}


def course_admin_list(*, search: str = "") -> QuerySet[Course]:
    """Every course, published or not, newest first; `search` matches title or description."""
    courses = Course.objects.order_by("-created_at")
    if search:
        courses = courses.filter(Q(title__icontains=search) | Q(description__icontains=search))
    return courses


def enrollment_list(*, user: User) -> QuerySet[Enrollment]:
    """`user`'s own enrollments in published courses, newest first, with their course joined.

    An unpublished course is invisible to students everywhere (catalogue, enrollments, progress),
    and reappears with its enrollments and progress intact once published again.
    """
    return (
        Enrollment.objects.filter(user=user, course__is_published=True).select_related("course").order_by("-created_at")
    )


def progress_list(*, user: User) -> QuerySet[dict]:
    """`user`'s own progress rows in published courses, most recently updated first, as dicts of
    the columns `ProgressSerializer` shows (no model instance per row)."""
    return (
        CourseProgress.objects.filter(user=user, course__is_published=True)
        .order_by("-updated_at")
        .values("user_id", "course_id", "progress_percentage", "completed_at", "updated_at")
    )
