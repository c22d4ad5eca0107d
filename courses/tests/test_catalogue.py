"""Public catalogue `/api/courses/`: published courses for anyone, `video_url` only with access,
`is_enrolled` per requester."""

import uuid

import pytest

from accounts.tests.factories import UserFactory
from core.testing import bearer_client
from courses.tests.factories import CourseFactory, EnrollmentFactory, PaidCourseFactory

pytestmark = pytest.mark.django_db

LIST = "/api/courses/"
CATALOGUE_FIELDS = {"id", "title", "description", "video_url", "price", "currency", "is_enrolled"}
# The detail adds the course outline (CONTRACT §11; courses/tests/test_lessons_outline.py).
DETAIL_FIELDS = CATALOGUE_FIELDS | {"sections", "total_lessons", "total_duration_seconds"}


def detail(course) -> str:
    return f"/api/courses/{course.pk}/"


def rows_by_id(response) -> dict:
    return {row["id"]: row for row in response.json()}


def test_anonymous_visitor_sees_published_courses_only(api_client):
    published = CourseFactory()
    CourseFactory(is_published=False)

    response = api_client.get(LIST)

    assert response.status_code == 200
    assert [row["id"] for row in response.json()] == [str(published.pk)]


def test_rows_have_exactly_the_contract_fields(api_client):
    PaidCourseFactory()

    [row] = api_client.get(LIST).json()

    assert set(row) == CATALOGUE_FIELDS
    assert row["price"] == "60.00"
    assert row["currency"] == "USD"


def test_courses_are_listed_newest_first(api_client):
    first, second = CourseFactory(), CourseFactory()

    assert [row["id"] for row in api_client.get(LIST).json()] == [str(second.pk), str(first.pk)]


def test_anonymous_visitor_sees_no_video_url_even_for_a_free_course(api_client):
    CourseFactory()
    PaidCourseFactory()

    assert [row["video_url"] for row in api_client.get(LIST).json()] == [None, None]
    assert [row["is_enrolled"] for row in api_client.get(LIST).json()] == [False, False]


def test_signed_in_user_sees_free_video_urls_but_not_paid_ones(student_client):
    free = CourseFactory(video_url="https://v.example.com/free.mp4")
    paid = PaidCourseFactory(video_url="https://v.example.com/paid.mp4")

    rows = rows_by_id(student_client.get(LIST))

    assert rows[str(free.pk)]["video_url"] == "https://v.example.com/free.mp4"
    assert rows[str(paid.pk)]["video_url"] is None


def test_enrolled_user_sees_the_paid_video_url_and_is_enrolled(student_client, student):
    paid = PaidCourseFactory(video_url="https://v.example.com/paid.mp4")
    EnrollmentFactory(user=student, course=paid, source="payment")

    [row] = student_client.get(LIST).json()

    assert row["video_url"] == "https://v.example.com/paid.mp4"
    assert row["is_enrolled"] is True


def test_another_users_enrollment_neither_enrolls_nor_unlocks_for_me(student_client):
    paid = PaidCourseFactory()
    EnrollmentFactory(user=UserFactory(), course=paid, source="payment")

    [row] = student_client.get(LIST).json()

    assert row["is_enrolled"] is False
    assert row["video_url"] is None


def test_admin_sees_every_video_url_without_enrolling(admin_client):
    PaidCourseFactory(video_url="https://v.example.com/paid.mp4")

    [row] = admin_client.get(LIST).json()

    assert row["video_url"] == "https://v.example.com/paid.mp4"
    assert row["is_enrolled"] is False


def test_tutor_is_a_signed_in_user_without_paid_access(tutor_client):
    PaidCourseFactory()

    assert tutor_client.get(LIST).json()[0]["video_url"] is None


def test_detail_returns_one_published_course(student_client):
    course = CourseFactory(video_url="https://v.example.com/free.mp4")

    response = student_client.get(detail(course))

    assert response.status_code == 200
    assert set(response.json()) == DETAIL_FIELDS
    assert response.json()["video_url"] == "https://v.example.com/free.mp4"


def test_detail_of_a_paid_course_hides_the_video_without_enrollment(student_client):
    course = PaidCourseFactory()

    assert student_client.get(detail(course)).json()["video_url"] is None


@pytest.mark.parametrize("client_fixture", ["api_client", "student_client", "admin_client"])
def test_detail_of_an_unpublished_course_is_404_for_everyone(request, client_fixture):
    client = request.getfixturevalue(client_fixture)
    course = CourseFactory(is_published=False)

    response = client.get(detail(course))

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_detail_of_an_unknown_course_is_404(api_client):
    response = api_client.get(f"/api/courses/{uuid.uuid4()}/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_an_invalid_token_on_the_open_catalogue_is_401(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")
    assert api_client.get(LIST).status_code == 401


def test_catalogue_pages_with_limit(api_client):
    CourseFactory.create_batch(3)

    body = api_client.get(LIST, {"limit": 2}).json()

    assert body["count"] == 3
    assert len(body["results"]) == 2


@pytest.mark.parametrize("rows", [2, 50])
def test_anonymous_catalogue_is_one_query_whatever_its_size(api_client, django_assert_num_queries, rows):
    CourseFactory.create_batch(rows)
    with django_assert_num_queries(1):
        response = api_client.get(LIST)
    assert len(response.json()) == rows


@pytest.mark.parametrize("rows", [2, 50])
def test_signed_in_catalogue_query_count_does_not_grow_with_courses_or_enrollments(django_assert_num_queries, rows):
    student = UserFactory()
    courses = PaidCourseFactory.create_batch(rows)
    for course in courses[::2]:
        EnrollmentFactory(user=student, course=course, source="payment")
    client = bearer_client(student)
    client.get(LIST)  # the published courses are now in the shared cache, as they are in service

    # One to authenticate, one for the user's enrollments.
    with django_assert_num_queries(2):
        response = client.get(LIST)

    body = response.json()
    assert sum(row["is_enrolled"] for row in body) == len(courses[::2])
    assert sum(row["video_url"] is not None for row in body) == len(courses[::2])
