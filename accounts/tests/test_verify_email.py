import pytest
from django.core import signing

from accounts.tests.conftest import token_in
from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def register(api_client, emails_sent, email="nurse@example.com") -> str:
    with emails_sent():
        api_client.post(
            "/api/auth/register/",
            {
                "full_name": "N",
                "email": email,
                "password": "Sturdy-Passphrase-9",
                "confirm_password": "Sturdy-Passphrase-9",
            },
        )
    return token_in(emails_sent.outbox[-1], "/auth/verify-email")


def test_the_emailed_token_verifies_the_email(api_client, emails_sent):
    token = register(api_client, emails_sent)

    response = api_client.post("/api/auth/verify-email/", {"token": token})

    assert response.status_code == 200
    assert response.json() == {"message": "Email verified."}
    login = api_client.post("/api/auth/login/", {"email": "nurse@example.com", "password": "Sturdy-Passphrase-9"})
    assert login.json()["user"]["email_verified"] is True


@pytest.mark.parametrize("token", ["garbage", "a.b.c", "eyJ1aWQiOiJ4In0.abc.def"])
def test_a_bad_token_is_refused(api_client, token):
    response = api_client.post("/api/auth/verify-email/", {"token": token})

    assert response.status_code == 400
    assert response.json()["detail"] == "Invalid or expired token."


def test_a_missing_token_is_a_field_error(api_client):
    response = api_client.post("/api/auth/verify-email/", {})

    assert response.status_code == 400
    assert response.json()["errors"] == {"token": ["This field is required."]}


def test_a_forged_token_is_refused(api_client):
    user = UserFactory(email_verified=False)
    forged = signing.TimestampSigner(salt="other", sep=".").sign_object({"uid": str(user.pk), "email": user.email})

    response = api_client.post("/api/auth/verify-email/", {"token": forged})

    assert response.status_code == 400
    assert response.json()["detail"] == "Invalid or expired token."
    user.refresh_from_db()
    assert user.email_verified is False


def test_an_expired_token_is_refused(api_client, emails_sent, settings):
    token = register(api_client, emails_sent)
    settings.EMAIL_VERIFICATION_TIMEOUT = -1

    response = api_client.post("/api/auth/verify-email/", {"token": token})

    assert response.status_code == 400
    assert response.json()["detail"] == "Invalid or expired token."


def test_resend_verification_sends_a_new_link_to_an_unverified_account(api_client, emails_sent):
    UserFactory(email="late@example.com", email_verified=False)

    with emails_sent():
        response = api_client.post("/api/auth/resend-verification/", {"email": "LATE@example.com"})

    assert response.status_code == 200
    assert len(emails_sent.outbox) == 1
    assert token_in(emails_sent.outbox[0], "/auth/verify-email")


@pytest.mark.parametrize("email", ["nobody@example.com", "verified@example.com"])
def test_resend_verification_answers_the_same_without_sending(api_client, emails_sent, email):
    UserFactory(email="verified@example.com", email_verified=True)
    unknown = api_client.post("/api/auth/resend-verification/", {"email": "someone-else@example.com"})

    with emails_sent():
        response = api_client.post("/api/auth/resend-verification/", {"email": email})

    assert response.status_code == 200
    assert response.json() == unknown.json()
    assert emails_sent.outbox == []


@pytest.mark.parametrize("email", ["late@example.com", "nobody@example.com", "verified@example.com"])
def test_resend_verification_does_the_same_work_whatever_the_account(
    api_client, email, django_assert_num_queries, django_capture_on_commit_callbacks
):
    UserFactory(email="late@example.com", email_verified=False)
    UserFactory(email="verified@example.com", email_verified=True)

    with django_assert_num_queries(0), django_capture_on_commit_callbacks() as queued:
        response = api_client.post("/api/auth/resend-verification/", {"email": email})

    assert response.status_code == 200
    assert len(queued) == 1


def test_resend_verification_rejects_a_malformed_email(api_client):
    response = api_client.post("/api/auth/resend-verification/", {"email": "nope"})

    assert response.status_code == 400
    assert "email" in response.json()["errors"]
