"""Plans over the API (CONTRACT §9): the public list, admin CRUD, the user's own plans."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from core.testing import assert_error
from courses.models import Plan
from courses.tests.factories import PaidCourseFactory
from courses.tests.plan_factories import PlanFactory, PlanGrantFactory

pytestmark = pytest.mark.django_db

PUBLIC = "/api/plans/"
ADMIN = "/api/admin/plans/"
MINE = "/api/users/me/plans/"
PLAN_FIELDS = {"id", "name", "description", "prices", "duration_days", "all_courses", "course_ids", "is_active"}


def new_plan(**changes) -> dict:
    return {
        "name": "Monthly all access",
        "prices": [{"currency": "NGN", "amount": "15000.00"}, {"currency": "usd", "amount": "20.00"}],
        "duration_days": 30,
        "all_courses": True,
        **changes,
    }


def test_anyone_lists_the_active_plans_with_their_prices(api_client):
    course = PaidCourseFactory()
    plan = PlanFactory(all_courses=False, courses=[course], prices={"USD": "20.00", "NGN": "15000.00"})
    PlanFactory(is_active=False)

    response = api_client.get(PUBLIC)

    assert response.status_code == 200
    [row] = response.json()
    assert set(row) == PLAN_FIELDS
    assert row["id"] == str(plan.pk)
    assert row["prices"] == [{"currency": "NGN", "amount": "15000.00"}, {"currency": "USD", "amount": "20.00"}]
    assert row["course_ids"] == [str(course.pk)]
    assert (row["duration_days"], row["all_courses"], row["is_active"]) == (30, False, True)


@pytest.mark.parametrize("plans", [2, 20])
def test_the_plan_list_is_three_queries_whatever_its_size(api_client, django_assert_num_queries, plans):
    courses = PaidCourseFactory.create_batch(3)
    for _ in range(plans):
        PlanFactory(all_courses=False, courses=courses)

    # Plans, their prices, their courses.
    with django_assert_num_queries(3):
        response = api_client.get(PUBLIC)

    assert len(response.json()) == plans


def test_an_admin_creates_a_plan(admin_client):
    course = PaidCourseFactory()

    response = admin_client.post(ADMIN, new_plan(all_courses=False, course_ids=[str(course.pk)]), format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["prices"] == [{"currency": "NGN", "amount": "15000.00"}, {"currency": "USD", "amount": "20.00"}]
    assert body["course_ids"] == [str(course.pk)]
    assert Plan.objects.get(pk=body["id"]).prices.count() == 2


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"prices": []}, "prices"),
        ({"prices": [{"currency": "USD", "amount": "0.00"}]}, "prices"),
        ({"prices": [{"currency": "USD", "amount": "1"}, {"currency": "usd", "amount": "2"}]}, "prices"),
        ({"duration_days": 0}, "duration_days"),
        ({"name": ""}, "name"),
        ({"all_courses": False}, "course_ids"),
        ({"all_courses": False, "course_ids": ["00000000-0000-0000-0000-000000000001"]}, "course_ids"),
    ],
)
def test_a_bad_plan_is_a_400_and_nothing_is_written(admin_client, changes, field):
    response = admin_client.post(ADMIN, new_plan(**changes), format="json")

    assert_error(response, 400, field=field)
    assert not Plan.objects.exists()


def test_an_admin_changes_prices_and_deactivates_a_plan(admin_client):
    plan = PlanFactory()

    response = admin_client.patch(
        f"{ADMIN}{plan.pk}/", {"prices": [{"currency": "GBP", "amount": "12.50"}], "is_active": False}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["prices"] == [{"currency": "GBP", "amount": "12.50"}]
    assert response.json()["is_active"] is False


def test_an_admin_deletes_a_plan_nobody_holds_but_not_one_that_was_granted(admin_client):
    unused, granted = PlanFactory(), PlanGrantFactory().plan

    assert admin_client.delete(f"{ADMIN}{unused.pk}/").status_code == 204
    assert_error(admin_client.delete(f"{ADMIN}{granted.pk}/"), 409)
    assert Plan.objects.filter(pk=granted.pk).exists()


def test_the_admin_list_shows_inactive_plans_too(admin_client):
    PlanFactory(is_active=False)

    assert len(admin_client.get(ADMIN).json()) == 1


def test_plan_admin_is_for_admins_only(api_client, student_client, tutor_client):
    assert_error(api_client.get(ADMIN), 401)
    assert_error(student_client.get(ADMIN), 403)
    assert_error(tutor_client.post(ADMIN, new_plan(), format="json"), 403)


def test_a_user_lists_their_own_plans(student, student_client):
    mine = PlanGrantFactory(user=student)
    ended = PlanGrantFactory(
        user=student, starts_at=timezone.now() - timedelta(days=60), ends_at=timezone.now() - timedelta(days=30)
    )
    PlanGrantFactory(user=UserFactory())

    response = student_client.get(MINE)

    assert response.status_code == 200
    rows = response.json()
    assert [row["id"] for row in rows] == [str(mine.pk), str(ended.pk)]
    assert {"plan_id", "name", "starts_at", "ends_at", "source"} <= set(rows[0])
    assert rows[0]["plan_id"] == str(mine.plan_id) and rows[0]["source"] == "admin"
    assert [row["is_active"] for row in rows] == [True, False]
    assert rows[0]["ends_at"].endswith("Z")


@pytest.mark.parametrize("grants", [1, 10])
def test_my_plans_is_one_query_after_authentication(student, student_client, django_assert_num_queries, grants):
    PlanGrantFactory.create_batch(grants, user=student)

    with django_assert_num_queries(2):
        response = student_client.get(MINE)

    assert len(response.json()) == grants


def test_my_plans_needs_a_signed_in_user(api_client):
    assert_error(api_client.get(MINE), 401)


def test_changing_an_unknown_plan_is_404(admin_client):
    assert_error(admin_client.patch(f"{ADMIN}{uuid.uuid4()}/", {"name": "Renamed"}, format="json"), 404)


@pytest.mark.parametrize("plans", [2, 20])
def test_the_admin_plan_list_is_three_queries_after_authentication(admin_client, django_assert_num_queries, plans):
    courses = PaidCourseFactory.create_batch(2)
    for _ in range(plans):
        PlanFactory(all_courses=False, courses=courses, is_active=False)

    with django_assert_num_queries(4):
        response = admin_client.get(ADMIN)

    assert len(response.json()) == plans
