from datetime import timedelta

import pytest
from freezegun import freeze_time

from accounts.tests.conftest import token_in
from accounts.tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

FORGOT = "/api/auth/forgot-password/"
CONFIRM = "/api/auth/reset-password/confirm/"
NEW_PASSWORD = "Brand-New-Passphrase-7"


@pytest.fixture
def nurse(db):
    return UserFactory(email="nurse@example.com", full_name="Nora Nurse")


def request_reset(api_client, emails_sent, email="nurse@example.com") -> str:
    with emails_sent():
        api_client.post(FORGOT, {"email": email})
    return token_in(emails_sent.outbox[-1], "/auth/update-password")


def confirm(api_client, token, password=NEW_PASSWORD, confirm_password=None):
    body = {"token": token, "new_password": password, "confirm_new_password": confirm_password or password}
    return api_client.post(CONFIRM, body)


def login(api_client, password):
    return api_client.post("/api/auth/login/", {"email": "nurse@example.com", "password": password})


def test_forgot_password_emails_a_frontend_reset_link(api_client, emails_sent, nurse, settings):
    settings.FRONTEND_URL = "https://school.example"
    with emails_sent():
        response = api_client.post(FORGOT, {"email": "Nurse@Example.com"})

    assert response.status_code == 200
    assert response.json() == {"message": "Password reset link sent to your email."}
    assert emails_sent.outbox[0].to == ["nurse@example.com"]
    assert token_in(emails_sent.outbox[0], "https://school.example/auth/update-password")


def test_forgot_password_answers_the_same_for_an_unknown_email(api_client, emails_sent):
    with emails_sent():
        response = api_client.post(FORGOT, {"email": "nobody@example.com"})

    assert response.status_code == 200
    assert response.json() == {"message": "Password reset link sent to your email."}
    assert emails_sent.outbox == []


@pytest.mark.parametrize("email", ["nurse@example.com", "NURSE@example.com", "nobody@example.com", "gone@example.com"])
def test_forgot_password_does_the_same_work_whether_or_not_the_account_exists(
    api_client, nurse, email, django_assert_num_queries, django_capture_on_commit_callbacks
):
    UserFactory(email="gone@example.com", is_active=False)

    # No lookup in the request (the time it takes cannot tell), one queued task on every path.
    with django_assert_num_queries(0), django_capture_on_commit_callbacks() as queued:
        response = api_client.post(FORGOT, {"email": email})

    assert response.status_code == 200
    assert len(queued) == 1


def test_forgot_password_sends_nothing_to_a_deactivated_account(api_client, emails_sent):
    UserFactory(email="gone@example.com", is_active=False)
    with emails_sent():
        api_client.post(FORGOT, {"email": "gone@example.com"})

    assert emails_sent.outbox == []


def test_forgot_password_rejects_a_malformed_email(api_client):
    response = api_client.post(FORGOT, {"email": "nope"})

    assert response.status_code == 400
    assert "email" in response.json()["errors"]


def test_the_reset_link_sets_a_new_password(api_client, emails_sent, nurse):
    token = request_reset(api_client, emails_sent)

    response = confirm(api_client, token)

    assert response.status_code == 200
    assert response.json() == {"message": "Your password has been updated successfully."}
    assert login(api_client, NEW_PASSWORD).status_code == 200


def test_the_old_password_stops_working_after_reset(api_client, emails_sent, nurse):
    confirm(api_client, request_reset(api_client, emails_sent))

    assert login(api_client, DEFAULT_PASSWORD).status_code == 401


def test_reset_token_cannot_be_used_twice(api_client, emails_sent, nurse):
    token = request_reset(api_client, emails_sent)
    confirm(api_client, token)

    response = confirm(api_client, token, password="Another-Passphrase-8")

    assert response.status_code == 400
    assert response.json()["detail"] == "Invalid or expired token."
    assert login(api_client, NEW_PASSWORD).status_code == 200


def test_an_expired_reset_token_is_refused(api_client, emails_sent, nurse):
    token = request_reset(api_client, emails_sent)

    with freeze_time(timedelta(hours=1, minutes=1)):
        response = confirm(api_client, token)

    assert response.status_code == 400
    assert response.json()["detail"] == "Invalid or expired token."


def test_a_reset_token_dies_when_the_password_changes_another_way(api_client, emails_sent, nurse):
    token = request_reset(api_client, emails_sent)
    nurse.set_password("Changed-Elsewhere-5")
    nurse.save()

    assert confirm(api_client, token).status_code == 400


@pytest.mark.parametrize("token", ["garbage", "AAAAAAAAAAAAAAAAAAAAAA.abc-def", ".", "x" * 300])
def test_a_forged_reset_token_is_refused(api_client, nurse, token):
    response = confirm(api_client, token)

    assert response.status_code == 400
    assert response.json()["detail"] == "Invalid or expired token."


def test_reset_rejects_mismatched_passwords(api_client, emails_sent, nurse):
    token = request_reset(api_client, emails_sent)

    response = confirm(api_client, token, confirm_password="Something-Else-3")

    assert response.status_code == 400
    assert response.json()["detail"] == "Passwords do not match."


def test_reset_rejects_a_weak_password_with_field_errors(api_client, emails_sent, nurse):
    token = request_reset(api_client, emails_sent)

    response = confirm(api_client, token, password="nora nurse")

    assert response.status_code == 400
    assert response.json()["detail"] == "Invalid input data."
    assert response.json()["errors"]["new_password"]
    assert login(api_client, DEFAULT_PASSWORD).status_code == 200


def test_reset_revokes_every_refresh_and_access_token(api_client, emails_sent, nurse):
    session = login(api_client, DEFAULT_PASSWORD).json()

    confirm(api_client, request_reset(api_client, emails_sent))

    refresh = api_client.post("/api/auth/token/refresh/", {"refresh": session["refresh"]})
    me = api_client.get("/api/users/me/", HTTP_AUTHORIZATION=f"Bearer {session['access']}")
    assert refresh.status_code == 401
    assert me.status_code == 401
