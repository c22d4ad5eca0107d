"""The anonymous catalogue comes from the shared cache, and every course write is seen at once."""

import pytest
from django.test import Client

from courses import cache as catalogue_cache
from courses.tests.factories import CourseFactory, EnrollmentFactory, PaidCourseFactory

pytestmark = pytest.mark.django_db

LIST = "/api/courses/"


def titles(client) -> list[str]:
    return [row["title"] for row in client.get(LIST).json()]


def test_anonymous_catalogue_is_served_from_the_cache_without_a_query(api_client, django_assert_num_queries):
    CourseFactory.create_batch(3)
    first = api_client.get(LIST)

    with django_assert_num_queries(0):
        second = api_client.get(LIST)

    assert second.status_code == 200
    assert second["Content-Type"] == "application/json"
    assert second.content == first.content
    assert len(second.json()) == 3


def test_cached_body_is_the_body_the_serializer_writes(api_client, settings):
    CourseFactory(title="Fluids")
    PaidCourseFactory(title="Pharmacology")
    cached = api_client.get(LIST)  # builds and stores
    cached = api_client.get(LIST)

    uncached = api_client.get(LIST, {"limit": 10})  # a page is never cached

    assert cached.json() == uncached.json()["results"]


def test_course_created_through_the_api_is_in_the_next_anonymous_catalogue(
    api_client, admin_client, django_capture_on_commit_callbacks
):
    CourseFactory(title="Fluids")
    assert titles(api_client) == ["Fluids"]

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/api/admin/courses/", {"title": "Cardiac", "video_url": "https://videos.example.com/c.mp4"}
        )

    assert response.status_code == 201
    assert titles(api_client) == ["Cardiac", "Fluids"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [({"title": "Renamed"}, ["Renamed"]), ({"is_published": False}, []), ({"price": "60.00"}, ["Fluids"])],
)
def test_course_updated_through_the_api_is_seen_at_once(
    api_client, admin_client, django_capture_on_commit_callbacks, change, expected
):
    course = CourseFactory(title="Fluids")
    assert titles(api_client) == ["Fluids"]

    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.patch(f"/api/admin/courses/{course.pk}/", change).status_code == 200

    rows = api_client.get(LIST).json()
    assert [row["title"] for row in rows] == expected
    if "price" in change:
        assert rows[0]["price"] == "60.00"


def test_course_deleted_through_the_api_leaves_the_anonymous_catalogue(
    api_client, admin_client, django_capture_on_commit_callbacks
):
    course = CourseFactory(title="Fluids")
    assert titles(api_client) == ["Fluids"]

    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.delete(f"/api/admin/courses/{course.pk}/").status_code == 204

    assert titles(api_client) == []


def test_course_changed_in_the_admin_site_is_seen_at_once(api_client, admin_user, django_capture_on_commit_callbacks):
    course = CourseFactory(title="Fluids")
    assert titles(api_client) == ["Fluids"]
    site = Client()
    site.force_login(admin_user)
    form = {
        "title": "Fluids and electrolytes",
        "description": course.description,
        "video_url": course.video_url,
        "price": "0.00",
        "currency": "USD",
        "is_published": "on",
    }

    with django_capture_on_commit_callbacks(execute=True):
        assert site.post(f"/admin/courses/course/{course.pk}/change/", form).status_code == 302

    assert titles(api_client) == ["Fluids and electrolytes"]


def test_a_write_racing_a_read_cannot_leave_the_old_catalogue_cached(api_client):
    CourseFactory(title="Fluids")
    # A read builds its body from the database as it was ...
    stale = catalogue_cache.catalogue_cache_get_or_build(lambda: b'["before the write"]')
    assert stale == b'["before the write"]'
    # ... a write commits and invalidates; the body stored under the old version is never served.
    catalogue_cache.catalogue_cache_invalidate()

    assert titles(api_client) == ["Fluids"]


def test_signed_in_catalogues_are_never_cached(student_client, student, django_assert_num_queries):
    course = PaidCourseFactory()
    assert student_client.get(LIST).json()[0]["is_enrolled"] is False
    EnrollmentFactory(user=student, course=course)

    with django_assert_num_queries(2):  # authenticate, then the courses with is_enrolled
        rows = student_client.get(LIST).json()

    assert rows[0]["is_enrolled"] is True
