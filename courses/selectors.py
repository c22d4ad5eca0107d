"""Reads for courses, enrollments and progress. Each returns a queryset that lists in one query."""

from django.db.models import BooleanField, Case, Exists, OuterRef, Q, QuerySet, Value, When

from accounts.models import User
from core.money import format_money
from courses.cache import PUBLISHED_ROWS, catalogue_cached
from courses.models import Course, CourseProgress, Enrollment

FREE = format_money(0)


def course_catalogue(*, user: User) -> QuerySet[Course]:
    """Published courses as `user` sees them, newest first, each annotated with:

    - `is_enrolled`: `user` has an enrollment in the course;
    - `has_access`: the access rule of the school — **a user has access to a course if they are an
      admin, enrolled, or the course is free**. "User" means a signed-in account: an anonymous
      visitor browses the catalogue but has access to no video, free ones included, so that a
      free course still asks for an (also free) account before its video plays.

    This is where the rule is written for queries; the catalogue serializer and the progress service
    both read these annotations. `has_access` is the same rule for rows read from the cache, and a
    test holds the two together. Both come from the same SQL query as the courses (an EXISTS
    subquery), never a query per course.
    """
    published = Course.objects.filter(is_published=True).order_by("-created_at")
    if not user.is_authenticated:
        return published.annotate(
            is_enrolled=Value(False, output_field=BooleanField()),
            has_access=Value(False, output_field=BooleanField()),
        )
    courses = published.annotate(is_enrolled=Exists(Enrollment.objects.filter(user=user, course=OuterRef("pk"))))
    if user.is_admin:
        return courses.annotate(has_access=Value(True, output_field=BooleanField()))
    return courses.annotate(
        has_access=Case(
            When(Q(price=0) | Q(is_enrolled=True), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def has_access(*, user: User, is_free: bool, is_enrolled: bool) -> bool:
    """The access rule of `course_catalogue`, for a course row read from the cache: an admin,
    enrolled, or a signed-in user on a free course; never an anonymous visitor."""
    return user.is_authenticated and (user.is_admin or is_enrolled or is_free)


def published_course_rows() -> list[dict]:
    """Published courses, newest first, as dicts of the columns every visitor sees: the same for
    everyone, so read from the shared cache until a course changes (`courses.cache`). Ids and
    prices are stored as their JSON strings (UUID and Decimal objects unpickle slowly)."""

    def build() -> list[dict]:
        rows = Course.objects.filter(is_published=True).order_by("-created_at")
        rows = rows.values("id", "title", "description", "video_url", "price", "currency")
        return [{**row, "id": str(row["id"]), "price": format_money(row["price"])} for row in rows]

    return catalogue_cached(PUBLISHED_ROWS, build)


def course_catalogue_for(*, user: User) -> list[dict]:
    """The whole catalogue as `user` sees it: the rows of `course_catalogue_rows(user)`, built from
    the cached published courses and one query for `user`'s enrollments (none when anonymous).

    A 185-course catalogue then costs its user a small index read instead of the EXISTS per course
    and the rows themselves (bench/RESULTS.md)."""
    enrolled = set()
    if user.is_authenticated:
        enrolled = {str(pk) for pk in Enrollment.objects.filter(user=user).values_list("course_id", flat=True)}
    return [
        {
            **row,
            "is_enrolled": row["id"] in enrolled,
            "has_access": has_access(user=user, is_free=row["price"] == FREE, is_enrolled=row["id"] in enrolled),
        }
        for row in published_course_rows()
    ]


def accessible_course_ids(*, user: User) -> set[str]:
    """The published courses `user` has access to (the rule of `has_access`), as id strings: from the
    cached published courses and one index read of `user`'s enrollments. What the question bank's
    `course_ids` are checked against."""
    return {row["id"] for row in course_catalogue_for(user=user) if row["has_access"]}


def course_catalogue_entry(*, user: User, course_id) -> dict | None:
    """One published course as `user` sees it (a row of `course_catalogue_for`), or None when it is
    unknown or unpublished: from the cached published courses and, for a signed-in user, one index
    read of their enrollment in it."""
    key = str(course_id)
    row = next((row for row in published_course_rows() if row["id"] == key), None)
    if row is None:
        return None
    is_enrolled = user.is_authenticated and Enrollment.objects.filter(user=user, course_id=key).exists()
    return {
        **row,
        "is_enrolled": is_enrolled,
        "has_access": has_access(user=user, is_free=row["price"] == FREE, is_enrolled=is_enrolled),
    }


CATALOGUE_ROW_FIELDS = ("id", "title", "description", "video_url", "price", "currency", "is_enrolled", "has_access")


def course_catalogue_rows(*, user: User) -> QuerySet[dict]:
    """`course_catalogue` as dicts of the columns the catalogue shows (`CatalogueCourseSerializer`):
    a list reads them without building a model instance per course."""
    return course_catalogue(user=user).values(*CATALOGUE_ROW_FIELDS)


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
