"""Access through plans (CONTRACT §9): the one access rule answers yes for a course an active plan
covers; expiry ends access the moment it passes; renewals stack from the later of now and the end."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from accounts.tests.factories import UserFactory
from core.testing import bearer_client
from courses.models import PlanGrant
from courses.plan_services import plan_grant, plan_grants_bulk
from courses.selectors import accessible_course_ids
from courses.tests.factories import EnrollmentFactory, PaidCourseFactory
from courses.tests.plan_factories import PlanFactory, PlanGrantFactory

pytestmark = pytest.mark.django_db

LIST = "/api/courses/"


def video_urls(client) -> dict:
    return {row["id"]: row["video_url"] for row in client.get(LIST).json()}


def test_an_all_courses_plan_opens_every_paid_course(student, student_client):
    courses = PaidCourseFactory.create_batch(2)
    PlanGrantFactory(user=student)

    urls = video_urls(student_client)

    assert all(urls[str(c.pk)] == c.video_url for c in courses)
    assert not any(row["is_enrolled"] for row in student_client.get(LIST).json())


def test_a_plan_with_a_set_of_courses_opens_those_only(student, student_client):
    covered, other = PaidCourseFactory(), PaidCourseFactory()
    PlanGrantFactory(user=student, plan=PlanFactory(all_courses=False, courses=[covered]))

    urls = video_urls(student_client)

    assert urls[str(covered.pk)] == covered.video_url
    assert urls[str(other.pk)] is None
    assert student_client.get(f"/api/courses/{covered.pk}/").json()["video_url"] == covered.video_url
    assert student_client.get(f"/api/courses/{other.pk}/").json()["video_url"] is None


def test_access_ends_the_moment_the_plan_ends(student, student_client):
    course = PaidCourseFactory()
    grant = PlanGrantFactory(user=student)
    assert video_urls(student_client)[str(course.pk)] is not None

    PlanGrant.objects.filter(pk=grant.pk).update(ends_at=timezone.now() - timedelta(seconds=1))

    assert video_urls(student_client)[str(course.pk)] is None
    response = student_client.put(f"/api/users/me/progress/{course.pk}/", {"progress_percentage": 10}, format="json")
    assert response.status_code == 403


def test_a_grant_that_has_not_started_gives_no_access_yet(student, student_client):
    course = PaidCourseFactory()
    PlanGrantFactory(user=student, starts_at=timezone.now() + timedelta(days=1))

    assert video_urls(student_client)[str(course.pk)] is None


def test_another_users_plan_gives_no_access(student_client):
    course = PaidCourseFactory()
    PlanGrantFactory(user=UserFactory())

    assert video_urls(student_client)[str(course.pk)] is None


def test_a_plan_lets_its_holder_track_progress_and_opens_the_question_bank(student, student_client):
    course = PaidCourseFactory()
    PlanGrantFactory(user=student, plan=PlanFactory(all_courses=False, courses=[course]))

    response = student_client.put(f"/api/users/me/progress/{course.pk}/", {"progress_percentage": 10}, format="json")

    assert response.status_code == 200
    assert accessible_course_ids(user=student) == {str(course.pk)}


@pytest.mark.parametrize("rows", [2, 30])
def test_catalogue_queries_stay_constant_with_plans(django_assert_num_queries, rows):
    student = UserFactory()
    courses = PaidCourseFactory.create_batch(rows)
    for course in courses[::2]:
        EnrollmentFactory(user=student, course=course, source="payment")
    PlanGrantFactory(user=student, plan=PlanFactory(all_courses=False, courses=courses[1::2]))
    PlanGrantFactory(user=student, plan=PlanFactory(all_courses=False, courses=courses))
    client = bearer_client(student)
    client.get(LIST)

    # One to authenticate, one for the user's grants (enrollments and plans together).
    with django_assert_num_queries(2):
        response = client.get(LIST)

    assert all(row["video_url"] is not None for row in response.json())


def test_a_grant_lasts_the_plans_duration_from_now(student):
    plan = PlanFactory(duration_days=30)
    before = timezone.now()

    grant = plan_grant(user=student, plan=plan, source="admin")

    assert before <= grant.starts_at <= timezone.now()
    assert grant.ends_at == grant.starts_at + timedelta(days=30)


def test_a_renewal_stacks_after_the_current_end(student):
    plan = PlanFactory(duration_days=30)
    first = plan_grant(user=student, plan=plan, source="admin")

    second = plan_grant(user=student, plan=plan, source="code")

    assert second.starts_at == first.ends_at
    assert second.ends_at == first.ends_at + timedelta(days=30)


def test_a_renewal_after_expiry_starts_from_now(student):
    plan = PlanFactory(duration_days=30)
    PlanGrantFactory(user=student, plan=plan, starts_at=timezone.now() - timedelta(days=40))
    before = timezone.now()

    grant = plan_grant(user=student, plan=plan, source="admin")

    assert grant.starts_at >= before


def test_a_plan_without_duration_grants_for_good(student, student_client):
    course = PaidCourseFactory()

    grant = plan_grant(user=student, plan=PlanFactory(duration_days=None), source="admin")

    assert grant.ends_at is None
    assert video_urls(student_client)[str(course.pk)] is not None


@pytest.mark.django_db(transaction=True)
def test_concurrent_grants_stack_one_after_the_other():
    student, plan = UserFactory(), PlanFactory(duration_days=30)
    barrier = threading.Barrier(2)

    def grant():
        try:
            barrier.wait()
            plan_grant(user=student, plan=plan, source="code")
        finally:
            connection.close()

    threads = [threading.Thread(target=grant) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    first, second = PlanGrant.objects.filter(user=student).order_by("starts_at")
    assert second.starts_at == first.ends_at


def test_a_plan_held_for_good_gives_new_grants_no_end_either(student):
    plan = PlanFactory(duration_days=None)
    plan_grant(user=student, plan=plan, source="admin")

    again = plan_grant(user=student, plan=plan, source="code")

    assert again.ends_at is None


@pytest.mark.parametrize("users", [2, 20])
def test_bulk_grants_stack_like_single_ones_in_constant_queries(django_assert_num_queries, users):
    plan = PlanFactory(duration_days=30)
    people = UserFactory.create_batch(users)
    held = plan_grant(user=people[0], plan=plan, source="admin")

    with django_assert_num_queries(5):  # savepoint, lock, held ends, insert, release
        grants = plan_grants_bulk(pairs=[(user, plan) for user in people], source="admin")

    assert len(grants) == users
    by_user = {grant.user_id: grant for grant in grants}
    assert by_user[people[0].pk].starts_at == held.ends_at
    assert all(by_user[user.pk].ends_at - by_user[user.pk].starts_at == timedelta(days=30) for user in people)


def test_bulk_grants_unless_held_skip_users_who_hold_the_plan():
    plan = PlanFactory(duration_days=30)
    holder, ended, newcomer = UserFactory.create_batch(3)
    PlanGrantFactory(user=holder, plan=plan)
    PlanGrantFactory(
        user=ended,
        plan=plan,
        starts_at=timezone.now() - timedelta(days=60),
        ends_at=timezone.now() - timedelta(days=30),
    )

    grants = plan_grants_bulk(pairs=[(u, plan) for u in (holder, ended, newcomer)], source="admin", unless_held=True)

    assert {grant.user_id for grant in grants} == {ended.pk, newcomer.pk}
