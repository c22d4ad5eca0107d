"""Responses that carry tokens or a signed-in user's data are never stored by a cache."""

import pytest

from accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from courses.tests.factories import CourseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(api_client):
    UserFactory(email="nurse@example.com")
    return api_client.post("/api/auth/login/", {"email": "nurse@example.com", "password": DEFAULT_PASSWORD})


def assert_no_store(response):
    assert response["Cache-Control"] == "no-store"
    assert response["Pragma"] == "no-cache"


def test_login_is_not_stored(session):
    assert session.status_code == 200
    assert_no_store(session)


def test_a_failed_login_is_not_stored(api_client):
    response = api_client.post("/api/auth/login/", {"email": "nobody@example.com", "password": "Wrong-1234"})

    assert response.status_code == 401
    assert_no_store(response)


def test_refresh_is_not_stored(api_client, session):
    response = api_client.post("/api/auth/token/refresh/", {"refresh": session.json()["refresh"]})

    assert response.status_code == 200
    assert_no_store(response)


def test_users_me_is_not_stored(student_client):
    response = student_client.get("/api/users/me/")

    assert response.status_code == 200
    assert_no_store(response)


@pytest.mark.parametrize(
    "path",
    ["/api/courses/", "/api/users/me/enrollments/", "/api/users/me/progress/", "/api/payments/"],
)
def test_every_authenticated_read_is_not_stored(student_client, path):
    CourseFactory()

    response = student_client.get(path)

    assert response.status_code == 200
    assert_no_store(response)


def test_an_admin_list_is_not_stored(admin_client):
    response = admin_client.get("/api/admin/users/")

    assert response.status_code == 200
    assert_no_store(response)


def test_a_request_with_a_bad_token_is_not_stored(api_client):
    response = api_client.get("/api/users/me/", HTTP_AUTHORIZATION="Bearer not.a.token")

    assert response.status_code == 401
    assert_no_store(response)


def test_the_anonymous_catalogue_stays_cacheable(api_client):
    CourseFactory()

    response = api_client.get("/api/courses/")

    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    assert "Pragma" not in response
