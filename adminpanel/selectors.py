"""Reads behind the admin dashboard (CONTRACT §5)."""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from adminpanel.plan_stats import plan_sales_stats
from courses.models import Course, CourseProgress, Enrollment
from payments.models import Payment


def user_list(*, search: str = "", role: str = "", is_active: bool | None = None) -> QuerySet[User]:
    """Users, newest first, each with `courses_completed_count` (progress rows with a completion
    time) counted by the database: one query for the whole list, however many users and rows.

    The count is a correlated subquery, not a JOIN + GROUP BY: a page of 50 then reads 50 users off
    the `created_at` index and counts each one's rows off the (user, completed_at) index, and the
    paginator's COUNT(*) reads the users table alone. Grouping aggregated all 200,000 progress rows
    of the bench data set for every page (120 ms; bench/RESULTS.md)."""
    completed = (
        CourseProgress.objects.filter(user=OuterRef("pk"), completed_at__isnull=False)
        .order_by()
        .values("user")
        .annotate(count=Count("pk"))
        .values("count")
    )
    users = User.objects.annotate(
        courses_completed_count=Coalesce(Subquery(completed, output_field=IntegerField()), 0),
        tutor_full_name=F("tutor__full_name"),
    ).order_by("-created_at")
    if search:
        users = users.filter(Q(full_name__icontains=search) | Q(email__icontains=search))
    if role:
        users = users.filter(role=role)
    if is_active is not None:
        users = users.filter(is_active=is_active)
    return users


USER_ROW_FIELDS = (
    "id",
    "full_name",
    "email",
    "phone_number",
    "role",
    "created_at",
    "courses_completed_count",
    "is_active",
    "last_login",
    "tutor_id",
    "tutor_full_name",
)


def user_rows(*, search: str = "", role: str = "", is_active: bool | None = None) -> QuerySet[dict]:
    """`user_list` as dicts of the columns the admin users list shows (no model instance per row)."""
    return user_list(search=search, role=role, is_active=is_active).values(*USER_ROW_FIELDS)


SCHOOL_STATS_CACHE_KEY = "adminpanel:school-stats"


def school_stats() -> dict:
    """Headline numbers for the dashboard, at most `ADMIN_STATS_CACHE_SECONDS` old.

    The totals count whole tables (five aggregate queries: about 50 ms of database time on the
    bench's 200,000 enrollments and 50,000 payments), so one computation is shared through the cache
    for a few seconds instead of repeated for every dashboard refresh (bench/RESULTS.md).
    """
    seconds = settings.ADMIN_STATS_CACHE_SECONDS
    stats = cache.get(SCHOOL_STATS_CACHE_KEY) if seconds else None
    if stats is None:
        stats = school_stats_compute()
        if seconds:
            cache.set(SCHOOL_STATS_CACHE_KEY, stats, timeout=seconds)
    return stats


def school_stats_compute() -> dict:
    """The headline numbers now, in five aggregate queries.

    Revenue counts successful payments only, summed per currency (amounts in different
    currencies are never added together).
    """
    now = timezone.now()
    users = User.objects.aggregate(
        total=Count("id"),
        new_last_7_days=Count("id", filter=Q(created_at__gte=now - timedelta(days=7))),
        new_last_30_days=Count("id", filter=Q(created_at__gte=now - timedelta(days=30))),
    )
    courses = Course.objects.aggregate(total=Count("id"), published=Count("id", filter=Q(is_published=True)))
    revenue = (
        Payment.objects.filter(status=Payment.Status.SUCCESS)
        .values("currency")
        .annotate(total=Sum("amount"))
        .order_by("currency")
    )
    return {
        "users": users,
        "courses": courses,
        "enrollments": Enrollment.objects.count(),
        "completions": CourseProgress.objects.filter(completed_at__isnull=False).count(),
        "revenue": {row["currency"]: row["total"] or Decimal("0.00") for row in revenue},
        **plan_sales_stats(now=now),
    }
