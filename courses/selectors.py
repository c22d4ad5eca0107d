"""Reads for courses, enrollments and progress. Each returns a queryset that lists in one query."""

from django.db.models import BooleanField, Case, Exists, OuterRef, Q, QuerySet, Value, When

from accounts.models import User
from courses.models import Course, CourseProgress, Enrollment


def course_catalogue(*, user: User) -> QuerySet[Course]:
    """Published courses as `user` sees them, newest first, each annotated with:

    - `is_enrolled`: `user` has an enrollment in the course;
    - `has_access`: the access rule of the school — **a user has access to a course if they are an
      admin, enrolled, or the course is free**. "User" means a signed-in account: an anonymous
      visitor browses the catalogue but has access to no video, free ones included, so that a
      free course still asks for an (also free) account before its video plays.

    This is the only place the rule is written; the catalogue serializer and the progress service
    both read these annotations. Both come from the same SQL query as the courses (an EXISTS
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
