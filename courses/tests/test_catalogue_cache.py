"""The catalogue comes from the shared cache, every course write is seen at once, and each user's
enrollments and access are their own."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from rest_framework.test import APIClient

from accounts.tests.factories import AdminFactory, TutorFactory, UserFactory
from core.testing import bearer_client
from courses import cache as catalogue_cache
from courses.selectors import accessible_course_ids
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
    stale = catalogue_cache.catalogue_cached(catalogue_cache.ANONYMOUS_BODY, lambda: b'["before the write"]')
    assert stale == b'["before the write"]'
    # ... a write commits and invalidates; the body stored under the old version is never served.
    catalogue_cache.catalogue_cache_invalidate()

    assert titles(api_client) == ["Fluids"]


def test_a_signed_in_catalogue_reads_the_users_enrollments_on_every_request(
    student_client, student, django_assert_num_queries
):
    course = PaidCourseFactory()
    assert student_client.get(LIST).json()[0]["is_enrolled"] is False
    EnrollmentFactory(user=student, course=course)

    with django_assert_num_queries(2):  # authenticate, then the enrollments; the courses are cached
        rows = student_client.get(LIST).json()

    assert rows[0]["is_enrolled"] is True
    assert rows[0]["video_url"] == course.video_url


def test_a_course_change_reaches_signed_in_catalogues_at_once(
    student_client, admin_client, django_capture_on_commit_callbacks
):
    course = CourseFactory(title="Fluids")
    assert titles(student_client) == ["Fluids"]

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.patch(f"/api/admin/courses/{course.pk}/", {"title": "Renamed"})

    assert titles(student_client) == ["Renamed"]


# Video links visible in the catalogue, newest course first: (other paid, paid, free).
expected_access = {
    "anonymous": [False, False, False],
    "student": [False, False, True],
    "enrolled student": [False, True, True],
    "tutor": [False, False, True],
    "admin": [True, True, True],
}


@pytest.mark.parametrize("who", expected_access)
def test_catalogue_detail_progress_and_question_bank_apply_the_one_access_rule(who):
    free, paid, other_paid = CourseFactory(), PaidCourseFactory(), PaidCourseFactory()
    CourseFactory(is_published=False)
    user = {
        "anonymous": AnonymousUser,
        "student": UserFactory,
        "enrolled student": UserFactory,
        "tutor": TutorFactory,
        "admin": AdminFactory,
    }[who]()
    if who == "enrolled student":
        EnrollmentFactory(user=user, course=paid)
        EnrollmentFactory(user=user, course=free)
    client = bearer_client(user) if user.is_authenticated else APIClient()
    newest_first = [other_paid, paid, free]

    listed = [row["video_url"] is not None for row in client.get(LIST).json()]
    detailed = [client.get(f"{LIST}{c.pk}/").json()["video_url"] is not None for c in newest_first]
    tracked = [
        client.put(f"/api/users/me/progress/{c.pk}/", {"progress_percentage": 5}, format="json").status_code == 200
        for c in newest_first
    ]
    bank = [str(c.pk) in accessible_course_ids(user=user) for c in newest_first]

    assert listed == detailed == tracked == bank == expected_access[who]


def test_detail_and_progress_see_a_course_unpublished_through_the_api_at_once(
    student_client, admin_client, django_capture_on_commit_callbacks
):
    course = CourseFactory()
    detail, progress = f"/api/courses/{course.pk}/", f"/api/users/me/progress/{course.pk}/"
    assert student_client.get(detail).status_code == 200
    assert student_client.put(progress, {"progress_percentage": 10}).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.patch(f"/api/admin/courses/{course.pk}/", {"is_published": False})

    assert student_client.get(detail).status_code == 404
    assert student_client.put(progress, {"progress_percentage": 20}).status_code == 404


def test_a_copy_kept_in_this_process_is_dropped_when_another_process_invalidates(api_client):
    from django.core.cache import cache

    CourseFactory(title="Fluids")
    assert titles(api_client) == ["Fluids"]
    CourseFactory(title="Cardiac")
    # Another server process wrote the course and set a new version in the shared cache.
    cache.set(catalogue_cache.VERSION_KEY, "set-by-another-process", timeout=None)

    assert titles(api_client) == ["Cardiac", "Fluids"]
