"""Free enrollment `POST /api/courses/{id}/enroll/` and `/api/users/me/enrollments/`."""

import uuid

import pytest

from accounts.tests.factories import UserFactory
from courses.models import Enrollment
from courses.tests.factories import CourseFactory, EnrollmentFactory, PaidCourseFactory

pytestmark = pytest.mark.django_db

MINE = "/api/users/me/enrollments/"
ENROLLMENT_FIELDS = {"id", "course_id", "course", "source", "created_at"}


def enroll_url(course_or_id) -> str:
    return f"/api/courses/{getattr(course_or_id, 'pk', course_or_id)}/enroll/"


def test_enrolling_in_a_free_course_is_201_with_the_enrollment(student_client, student):
    course = CourseFactory(video_url="https://v.example.com/free.mp4")

    response = student_client.post(enroll_url(course))

    assert response.status_code == 201
    body = response.json()
    assert set(body) == ENROLLMENT_FIELDS
    assert body["course_id"] == str(course.pk)
    assert body["source"] == "free"
    assert body["course"]["video_url"] == "https://v.example.com/free.mp4"
    assert Enrollment.objects.get().user == student


def test_enrolling_again_is_200_with_the_same_enrollment(student_client):
    course = CourseFactory()
    first = student_client.post(enroll_url(course)).json()

    response = student_client.post(enroll_url(course))

    assert response.status_code == 200
    assert response.json()["id"] == first["id"]
    assert Enrollment.objects.count() == 1


def test_enrolling_in_a_paid_course_is_402_payment_required(student_client):
    course = PaidCourseFactory()

    response = student_client.post(enroll_url(course))

    assert response.status_code == 402
    assert response.json() == {"detail": "Payment required."}
    assert not Enrollment.objects.exists()


def test_enrolling_in_a_paid_course_already_paid_for_returns_that_enrollment(student_client, student):
    course = PaidCourseFactory()
    paid = EnrollmentFactory(user=student, course=course, source="payment")

    response = student_client.post(enroll_url(course))

    assert response.status_code == 200
    assert response.json()["id"] == str(paid.pk)
    assert response.json()["source"] == "payment"


def test_enrolling_in_an_unpublished_course_is_404(student_client):
    response = student_client.post(enroll_url(CourseFactory(is_published=False)))

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
    assert not Enrollment.objects.exists()


def test_enrolling_in_an_unknown_course_is_404(student_client):
    response = student_client.post(enroll_url(uuid.uuid4()))
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_anonymous_cannot_enroll(api_client):
    response = api_client.post(enroll_url(CourseFactory()))

    assert response.status_code == 401
    assert not Enrollment.objects.exists()


def test_enrollment_shows_in_the_catalogue_as_is_enrolled(student_client):
    course = CourseFactory()
    student_client.post(enroll_url(course))

    assert student_client.get(f"/api/courses/{course.pk}/").json()["is_enrolled"] is True


def test_my_enrollments_lists_only_my_own(student_client, student):
    mine = EnrollmentFactory(user=student)
    EnrollmentFactory(user=UserFactory())

    response = student_client.get(MINE)

    assert response.status_code == 200
    assert [row["id"] for row in response.json()] == [str(mine.pk)]
    assert set(response.json()[0]) == ENROLLMENT_FIELDS


def test_my_enrollments_show_the_paid_course_video_i_have_access_to(student_client, student):
    course = PaidCourseFactory(video_url="https://v.example.com/paid.mp4")
    EnrollmentFactory(user=student, course=course, source="payment")

    [row] = student_client.get(MINE).json()

    assert row["course"]["video_url"] == "https://v.example.com/paid.mp4"
    assert row["course"]["price"] == "60.00"


def test_my_enrollments_hide_unpublished_courses(student_client, student):
    EnrollmentFactory(user=student, course=CourseFactory(is_published=False))

    assert student_client.get(MINE).json() == []


@pytest.mark.parametrize("rows", [2, 50])
def test_my_enrollments_query_count_does_not_grow(student_client, student, django_assert_num_queries, rows):
    for course in CourseFactory.create_batch(rows):
        EnrollmentFactory(user=student, course=course)
    with django_assert_num_queries(2):
        response = student_client.get(MINE)
    assert len(response.json()) == rows


@pytest.mark.parametrize("rows", [2, 50])
def test_enrolling_costs_the_same_queries_whatever_the_catalogue_size(
    student_client, student, django_assert_num_queries, rows
):
    courses = CourseFactory.create_batch(rows)
    for course in courses[1::2]:
        EnrollmentFactory(user=student, course=course)
    student_client.get("/api/courses/")  # the published courses are now cached
    # Authenticate, the student's enrollment in the course, the course, then get_or_create (savepoint,
    # lookup, its own savepoint, insert, two releases).
    with django_assert_num_queries(9):
        response = student_client.post(enroll_url(courses[0]))
    assert response.status_code == 201
    # Already enrolled: authenticate, the student's enrollment in the course, then it with its course.
    with django_assert_num_queries(3):
        response = student_client.post(enroll_url(courses[0]))
    assert response.status_code == 200
