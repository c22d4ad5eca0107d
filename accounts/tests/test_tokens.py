from datetime import timedelta

import pytest
from freezegun import freeze_time

from accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from core.testing import assert_error

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(api_client):
    UserFactory(email="nurse@example.com")
    return api_client.post("/api/auth/login/", {"email": "nurse@example.com", "password": DEFAULT_PASSWORD}).json()


def test_refresh_returns_a_new_pair(api_client, session):
    response = api_client.post("/api/auth/token/refresh/", {"refresh": session["refresh"]})

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"access", "refresh", "access_token", "refresh_token"}
    assert body["access_token"] == body["access"]
    assert body["refresh_token"] == body["refresh"]
    assert body["refresh"] != session["refresh"]
    me = api_client.get("/api/users/me/", HTTP_AUTHORIZATION=f"Bearer {body['access']}")
    assert me.status_code == 200


def test_refresh_accepts_the_token_as_refresh_token(api_client, session):
    response = api_client.post("/api/auth/token/refresh/", {"refresh_token": session["refresh_token"]})

    assert response.status_code == 200
    me = api_client.get("/api/users/me/", HTTP_AUTHORIZATION=f"Bearer {response.json()['access_token']}")
    assert me.status_code == 200


def test_refresh_without_a_token_is_400_naming_refresh(api_client):
    response = api_client.post("/api/auth/token/refresh/", {})

    assert_error(response, 400, field="refresh")


def test_a_rotated_refresh_token_cannot_be_used_again(api_client, session):
    api_client.post("/api/auth/token/refresh/", {"refresh": session["refresh"]})

    response = api_client.post("/api/auth/token/refresh/", {"refresh": session["refresh"]})

    assert response.status_code == 401
    assert response.json()["detail"] == "Token is invalid or expired."


@pytest.mark.parametrize("refresh", ["garbage", "a.b.c"])
def test_a_malformed_refresh_token_is_401(api_client, refresh):
    response = api_client.post("/api/auth/token/refresh/", {"refresh": refresh})

    assert response.status_code == 401


def test_an_access_token_is_not_a_refresh_token(api_client, session):
    response = api_client.post("/api/auth/token/refresh/", {"refresh": session["access"]})

    assert response.status_code == 401


def test_refresh_for_a_deactivated_user_is_401(api_client, session):
    from accounts.models import User

    User.objects.update(is_active=False)

    response = api_client.post("/api/auth/token/refresh/", {"refresh": session["refresh"]})

    assert response.status_code == 401


def test_an_expired_access_token_is_401(api_client, session):
    with freeze_time(timedelta(minutes=16)):
        response = api_client.get("/api/users/me/", HTTP_AUTHORIZATION=f"Bearer {session['access']}")

    assert response.status_code == 401
    assert "detail" in response.json()


def test_an_expired_refresh_token_is_401(api_client, session):
    with freeze_time(timedelta(days=8)):
        response = api_client.post("/api/auth/token/refresh/", {"refresh": session["refresh"]})

    assert response.status_code == 401


def test_logout_makes_the_refresh_token_unusable(api_client, session):
    response = api_client.post("/api/auth/logout/", {"refresh": session["refresh"]})

    assert response.status_code == 200
    assert response.json() == {"message": "Logged out successfully."}
    again = api_client.post("/api/auth/token/refresh/", {"refresh": session["refresh"]})
    assert again.status_code == 401


def test_logout_with_a_used_refresh_token_is_401(api_client, session):
    api_client.post("/api/auth/logout/", {"refresh": session["refresh"]})

    response = api_client.post("/api/auth/logout/", {"refresh": session["refresh"]})

    assert response.status_code == 401


def test_logout_works_with_an_expired_access_token_in_the_header(api_client, session):
    response = api_client.post(
        "/api/auth/logout/", {"refresh": session["refresh"]}, HTTP_AUTHORIZATION="Bearer expired.token.value"
    )

    assert response.status_code == 200
