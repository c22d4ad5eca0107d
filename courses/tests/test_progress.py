"""Progress: `GET /api/users/me/progress/` and `PUT/PATCH /api/users/me/progress/{course_id}/`."""

import threading
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from accounts.tests.factories import UserFactory
from core.testing import bearer_client
from courses.models import CourseProgress
from courses.tests.factories import CourseFactory, CourseProgressFactory, EnrollmentFactory, PaidCourseFactory

pytestmark = pytest.mark.django_db

MINE = "/api/users/me/progress/"
ENROLL_TO_TRACK = {"detail": "Enroll in this course to track progress."}


def progress_url(course_or_id) -> str:
    return f"{MINE}{getattr(course_or_id, 'pk', course_or_id)}/"


def set_progress(client, course, percentage, method="put"):
    return getattr(client, method)(progress_url(course), {"progress_percentage": percentage}, format="json")


# --- List -----------------------------------------------------------------------------------------


def test_my_progress_lists_my_rows_in_the_contract_shape(student_client, student):
    done = CourseProgressFactory(user=student, progress_percentage=100)
    CourseProgressFactory(user=student, progress_percentage=50)

    response = student_client.get(MINE)

    assert response.status_code == 200
    rows = {row["course_id"]: row for row in response.json()}
    assert len(rows) == 2
    row = rows[str(done.course_id)]
    assert {"user_id", "course_id", "progress_percentage", "completed_at"} <= set(row)
    assert row["user_id"] == str(student.pk)
    assert row["progress_percentage"] == 100
    assert row["completed_at"].endswith("Z")
    assert [r["completed_at"] for r in rows.values() if r["progress_percentage"] == 50] == [None]


def test_another_users_progress_never_appears(student_client):
    CourseProgressFactory(user=UserFactory(), progress_percentage=80)

    assert student_client.get(MINE).json() == []


@pytest.mark.parametrize("rows", [2, 50])
def test_my_progress_query_count_does_not_grow(student_client, student, django_assert_num_queries, rows):
    for course in CourseFactory.create_batch(rows):
        CourseProgressFactory(user=student, course=course)
    with django_assert_num_queries(2):  # authenticate, then the rows
        response = student_client.get(MINE)
    assert len(response.json()) == rows


# --- Update: success -------------------------------------------------------------------------------


def test_put_creates_my_row_when_absent(student_client, student):
    course = CourseFactory()

    response = set_progress(student_client, course, 40)

    assert response.status_code == 200
    assert response.json()["user_id"] == str(student.pk)
    assert response.json()["course_id"] == str(course.pk)
    assert response.json()["progress_percentage"] == 40
    assert response.json()["completed_at"] is None
    assert CourseProgress.objects.get().progress_percentage == 40


def test_patch_updates_my_existing_row_without_a_second_one(student_client, student):
    progress = CourseProgressFactory(user=student, progress_percentage=10)

    response = set_progress(student_client, progress.course, 60, method="patch")

    assert response.status_code == 200
    assert response.json()["progress_percentage"] == 60
    assert CourseProgress.objects.count() == 1
    progress.refresh_from_db()
    assert progress.progress_percentage == 60


def test_reaching_100_sets_completed_at(student_client):
    course = CourseFactory()
    before = timezone.now()

    body = set_progress(student_client, course, 100).json()

    completed_at = CourseProgress.objects.get().completed_at
    assert completed_at is not None and completed_at >= before
    assert body["completed_at"] is not None


def test_sending_100_again_keeps_the_first_completion_time(student_client, student):
    course = CourseFactory()
    first_done = timezone.now() - timedelta(days=5)
    CourseProgressFactory(user=student, course=course, progress_percentage=100, completed_at=first_done)

    response = set_progress(student_client, course, 100)

    assert CourseProgress.objects.get().completed_at == first_done
    assert response.json()["completed_at"] == first_done.isoformat().replace("+00:00", "Z")


def test_going_below_100_clears_completed_at(student_client, student):
    course = CourseFactory()
    CourseProgressFactory(user=student, course=course, progress_percentage=100)

    response = set_progress(student_client, course, 0)

    assert response.json()["completed_at"] is None
    assert CourseProgress.objects.get().completed_at is None


def test_enrolled_user_tracks_progress_in_a_paid_course(student_client, student):
    course = PaidCourseFactory()
    EnrollmentFactory(user=student, course=course, source="payment")

    assert set_progress(student_client, course, 30).status_code == 200


def test_admin_tracks_progress_in_any_course(admin_client):
    assert set_progress(admin_client, PaidCourseFactory(), 30).status_code == 200


def test_updating_my_progress_leaves_another_users_row_alone(student_client):
    course = CourseFactory()
    other = CourseProgressFactory(user=UserFactory(), course=course, progress_percentage=10)

    set_progress(student_client, course, 90)

    other.refresh_from_db()
    assert other.progress_percentage == 10
    assert CourseProgress.objects.count() == 2


# --- Update: errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [-1, 101, 50.5, "50", True, None, [], {"value": 5}])
def test_a_percentage_that_is_not_an_integer_from_0_to_100_is_400(student_client, value):
    course = CourseFactory()

    response = set_progress(student_client, course, value)

    assert response.status_code == 400
    assert response.json()["detail"] == "Invalid input data."
    assert list(response.json()["errors"]) == ["progress_percentage"]
    assert not CourseProgress.objects.exists()


def test_a_missing_percentage_is_400(student_client):
    response = student_client.put(progress_url(CourseFactory()), {}, format="json")

    assert response.status_code == 400
    assert "progress_percentage" in response.json()["errors"]


@pytest.mark.parametrize("value", [0, 100])
def test_the_bounds_0_and_100_are_accepted(student_client, value):
    assert set_progress(student_client, CourseFactory(), value).status_code == 200


def test_a_paid_course_without_enrollment_refuses_progress_with_403(student_client):
    response = set_progress(student_client, PaidCourseFactory(), 50)

    assert response.status_code == 403
    assert response.json() == ENROLL_TO_TRACK
    assert not CourseProgress.objects.exists()


def test_another_users_enrollment_does_not_grant_me_progress(student_client):
    course = PaidCourseFactory()
    EnrollmentFactory(user=UserFactory(), course=course, source="payment")

    assert set_progress(student_client, course, 50).json() == ENROLL_TO_TRACK


def test_progress_in_an_unknown_course_is_404(student_client):
    response = set_progress(student_client, uuid.uuid4(), 50)

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_progress_in_an_unpublished_course_is_404_even_when_enrolled(student_client, student):
    course = CourseFactory(is_published=False)
    EnrollmentFactory(user=student, course=course)

    assert set_progress(student_client, course, 50).status_code == 404
    assert not CourseProgress.objects.exists()


def test_progress_update_needs_authentication(api_client):
    assert set_progress(api_client, CourseFactory(), 50).status_code == 401
    assert not CourseProgress.objects.exists()


# --- Concurrency (PostgreSQL: SQLite serialises writers by locking the whole database) ---------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_updates_of_one_row_never_fail_or_duplicate_it():
    student = UserFactory()
    course = CourseFactory()
    threads_count = 8
    start = threading.Barrier(threads_count)
    statuses, errors = [], []

    def update(percentage):
        try:
            client = bearer_client(student)
            start.wait()
            statuses.append(set_progress(client, course, percentage).status_code)
        except Exception as exc:  # surfaced below: a thread's exception would otherwise be lost
            errors.append(exc)
        finally:
            connection.close()

    values = [100 if i % 2 else 20 + i for i in range(threads_count)]
    threads = [threading.Thread(target=update, args=(value,)) for value in values]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert statuses == [200] * threads_count
    row = CourseProgress.objects.get(user=student, course=course)
    assert row.progress_percentage in values
    assert (row.completed_at is not None) == (row.progress_percentage == 100)
