"""`GET /api/admin/stats/`: school totals for the dashboard."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import User
from accounts.tests.factories import UserFactory
from courses.tests.factories import CourseFactory, CourseProgressFactory, EnrollmentFactory, PaidCourseFactory
from payments.models import Payment

pytestmark = pytest.mark.django_db

STATS = "/api/admin/stats/"


def pay(user, course, amount: str, currency: str, status: str) -> Payment:
    return Payment.objects.create(
        user=user,
        course=course,
        provider="sandbox",
        amount=Decimal(amount),
        currency=currency,
        status=status,
        transaction_id=f"tx-{Payment.objects.count()}",
    )


def test_empty_school_has_zero_totals(admin_client):
    body = admin_client.get(STATS).json()

    assert body == {
        "users": {"total": 1, "new_last_7_days": 1, "new_last_30_days": 1},
        "courses": {"total": 0, "published": 0},
        "enrollments": 0,
        "completions": 0,
        "revenue": {},
        "plans_sold": 0,
        "active_subscribers": 0,
        "revenue_by_provider": {},
    }


def test_new_user_counts_use_7_and_30_day_windows(admin_client, admin_user):
    now = timezone.now()
    for days in (2, 10, 40):
        User.objects.filter(pk=UserFactory().pk).update(created_at=now - timedelta(days=days))
    User.objects.filter(pk=admin_user.pk).update(created_at=now - timedelta(days=100))

    users = admin_client.get(STATS).json()["users"]

    assert users == {"total": 4, "new_last_7_days": 1, "new_last_30_days": 2}


def test_course_enrollment_and_completion_totals(admin_client):
    course = CourseFactory()
    CourseFactory(is_published=False)
    EnrollmentFactory.create_batch(3, course=course)
    CourseProgressFactory.create_batch(2, course=course, progress_percentage=100)
    CourseProgressFactory(course=course, progress_percentage=30)

    body = admin_client.get(STATS).json()

    assert body["courses"] == {"total": 2, "published": 1}
    assert body["enrollments"] == 3
    assert body["completions"] == 2


def test_revenue_sums_successful_payments_per_currency_only(admin_client, student):
    course = PaidCourseFactory()
    pay(student, course, "60.00", "USD", "success")
    pay(UserFactory(), course, "60.00", "USD", "success")
    pay(student, course, "25000.50", "NGN", "success")
    pay(student, course, "60.00", "USD", "pending")
    pay(student, course, "60.00", "GHS", "failed")

    assert admin_client.get(STATS).json()["revenue"] == {"NGN": "25000.50", "USD": "120.00"}


@pytest.mark.parametrize("rows", [2, 50])
def test_stats_query_count_does_not_grow(admin_client, django_assert_num_queries, rows):
    course = PaidCourseFactory()
    for user in UserFactory.create_batch(rows):
        EnrollmentFactory(user=user, course=course)
        CourseProgressFactory(user=user, course=course, progress_percentage=100)
        pay(user, course, "60.00", "USD", "success")
    # authenticate + users, courses, enrollments, completions, revenue; plans sold, subscribers, revenue by provider
    with django_assert_num_queries(9):
        response = admin_client.get(STATS)
    assert response.json()["completions"] == rows


def test_totals_are_reused_for_admin_stats_cache_seconds(admin_client, django_assert_num_queries):
    assert admin_client.get(STATS).json()["courses"]["total"] == 0
    CourseFactory()

    with django_assert_num_queries(1):  # authenticate only: the totals come from the cache
        cached = admin_client.get(STATS).json()

    assert cached["courses"]["total"] == 0


def test_totals_are_counted_on_every_request_with_caching_off(admin_client, settings):
    settings.ADMIN_STATS_CACHE_SECONDS = 0
    admin_client.get(STATS)
    CourseFactory()

    assert admin_client.get(STATS).json()["courses"]["total"] == 1
