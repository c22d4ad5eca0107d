"""Reads for courses, enrollments and progress.

The catalogue has one read model: the published courses as every visitor sees them (cached,
`published_course_rows`), plus the requester's grants (their enrollments and active plans, one
query, `enrolled_course_ids`). `has_access` is the school's one access rule over the two; the catalogue,
a course's page, enrolling, progress and the question bank (`accessible_course_ids`) all read
through it. The other reads return querysets that list in one query.
"""

import uuid
from collections.abc import Collection
from dataclasses import dataclass

from django.db.models import Q, QuerySet, UUIDField, Value
from django.utils import timezone

from accounts.models import User
from core.money import format_money
from courses.cache import PUBLISHED_ROWS, catalogue_cached
from courses.models import Course, CourseProgress, Enrollment, Plan, PlanGrant, price_is_free
from courses.plan_selectors import plan_grant_active_q


def published_course_rows() -> list[dict]:
    """Published courses, newest first, as dicts of the columns every visitor sees, and `is_free`:
    the same for everyone, so read from the shared cache until a course changes (`courses.cache`).
    Ids and prices are stored as their JSON strings (UUID and Decimal objects unpickle slowly). An
    uploaded video is its stored name (`video_file`), never a link: links are signed per answer."""

    def build() -> list[dict]:
        rows = Course.objects.filter(is_published=True).order_by("-created_at")
        rows = rows.values("id", "title", "description", "video_url", "video_file", "price", "currency")
        return [
            {**row, "id": str(row["id"]), "price": format_money(row["price"]), "is_free": price_is_free(row["price"])}
            for row in rows
        ]

    return catalogue_cached(PUBLISHED_ROWS, build)


# Stands for "every course" in the grants query: the row an active all-courses plan contributes.
_ALL_COURSES = uuid.UUID(int=0)


@dataclass(frozen=True)
class CourseGrants:
    """The courses a user's grants cover: `enrolled` (their enrollments), `covered` (the courses of
    their active plans) and `all_courses` (an active plan covers every course). `course_id in
    grants` asks whether any grant covers it."""

    enrolled: frozenset[str] = frozenset()
    covered: frozenset[str] = frozenset()
    all_courses: bool = False

    def __contains__(self, course_id) -> bool:
        return self.all_courses or course_id in self.enrolled or course_id in self.covered

    def __iter__(self):
        return iter(self.enrolled | self.covered)

    def __len__(self) -> int:
        return len(self.enrolled | self.covered)


def enrolled_course_ids(*, user: User, course_id=None) -> CourseGrants:
    """`user`'s grants (only those covering `course_id`, when given): their enrollments and the
    courses of their active plans (`courses.plan_selectors.plan_grant_active_q`: expiry is compared
    with now in the query), in one query (a UNION of three index reads); none for an anonymous
    visitor, without a query."""
    if not user.is_authenticated:
        return CourseGrants()
    active = PlanGrant.objects.filter(plan_grant_active_q(now=timezone.now()), user=user)
    enrollments = Enrollment.objects.filter(user=user)
    plan_courses = Plan.courses.through.objects.filter(plan_id__in=active.values("plan_id"))
    if course_id is not None:
        enrollments = enrollments.filter(course_id=course_id)
        plan_courses = plan_courses.filter(course_id=course_id)
    # No ORDER BY or LIMIT inside the UNION: SQLite (the embedded default) refuses them there.
    rows = (
        enrollments.order_by()
        .annotate(kind=Value("enrolled"))
        .values_list("course_id", "kind")
        .union(
            plan_courses.order_by().annotate(kind=Value("covered")).values_list("course_id", "kind"),
            active.filter(plan__all_courses=True)
            .order_by()
            .annotate(every=Value(_ALL_COURSES, output_field=UUIDField()), kind=Value("all"))
            .values_list("every", "kind"),
            all=True,
        )
    )
    enrolled, covered, all_courses = set(), set(), False
    for pk, kind in rows:
        if kind == "enrolled":
            enrolled.add(str(pk))
        elif kind == "covered":
            covered.add(str(pk))
        else:
            all_courses = True
    return CourseGrants(enrolled=frozenset(enrolled), covered=frozenset(covered), all_courses=all_courses)


def has_access(*, user: User, course: dict, enrolled: Collection[str]) -> bool:
    """The access rule of the school: **a user has access to a course if they are an admin, enrolled,
    hold an active plan that covers it, or the course is free**. "User" means a signed-in account: an
    anonymous visitor browses the catalogue but has access to no video, free ones included, so that a
    free course still asks for an (also free) account before its video plays. `course` is a row of
    `published_course_rows`, `enrolled` the user's grants (`enrolled_course_ids`)."""
    return user.is_authenticated and (user.is_admin or course["is_free"] or course["id"] in enrolled)


def _as_seen_by(user: User, course: dict, enrolled: CourseGrants) -> dict:
    # `is_enrolled` is an enrollment row; a plan gives access without one.
    return {
        **course,
        "is_enrolled": course["id"] in enrolled.enrolled,
        "has_access": has_access(user=user, course=course, enrolled=enrolled),
    }


def course_catalogue_for(*, user: User, search: str = "") -> list[dict]:
    """The whole catalogue as `user` sees it: each published course with `is_enrolled` and
    `has_access`, from the cached published courses and one read of `user`'s enrollments (none
    when anonymous), instead of an EXISTS per course and the rows themselves (bench/RESULTS.md).
    `search` keeps the courses whose title or description contains it, ignoring case (casefolded,
    so `STRASSE` finds `Straße`); it filters the cached rows, no query."""
    enrolled = enrolled_course_ids(user=user)
    courses = published_course_rows()
    if search:
        needle = search.casefold()
        courses = [c for c in courses if needle in c["title"].casefold() or needle in c["description"].casefold()]
    return [_as_seen_by(user, course, enrolled) for course in courses]


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
