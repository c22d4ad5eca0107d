import pytest

from accounts.tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/auth/login/"


def test_login_returns_token_access_refresh_and_user(api_client):
    user = UserFactory(email="nurse@example.com")

    response = api_client.post(URL, {"email": "nurse@example.com", "password": DEFAULT_PASSWORD})

    assert response.status_code == 200
    body = response.json()
    assert body["message"] == "Login successful."
    assert body["token"] == body["access"] == body["access_token"]
    assert body["refresh"]
    assert body["refresh_token"] == body["refresh"]
    assert body["user"] == {
        "id": str(user.pk),
        "email": "nurse@example.com",
        "full_name": user.full_name,
        "role": "user",
        "email_verified": True,
        "created_at": body["user"]["created_at"],
        "updated_at": body["user"]["updated_at"],
        "tutor": None,
        "bio": "",
        "photo_url": "",
        "subjects": [],
        "unread_message_emails": True,
        "phone_number": "",
    }
    assert body["user"]["created_at"].endswith("Z")


def test_the_access_token_authenticates_later_requests(api_client):
    UserFactory(email="nurse@example.com")
    access = api_client.post(URL, {"email": "nurse@example.com", "password": DEFAULT_PASSWORD}).json()["access"]

    response = api_client.get("/api/users/me/", HTTP_AUTHORIZATION=f"Bearer {access}")

    assert response.status_code == 200
    assert response.json()["email"] == "nurse@example.com"


def test_login_email_is_case_insensitive(api_client):
    UserFactory(email="nurse@example.com")

    response = api_client.post(URL, {"email": " Nurse@EXAMPLE.com", "password": DEFAULT_PASSWORD})

    assert response.status_code == 200


def test_login_finds_the_account_through_the_case_insensitive_email_index(api_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    UserFactory(email="nurse@example.com")

    with CaptureQueriesContext(connection) as queries:
        api_client.post(URL, {"email": "Nurse@Example.com", "password": DEFAULT_PASSWORD})

    # lower(email) = '...' is what the unique index on Lower("email") answers; UPPER() (iexact) scans.
    lookup = next(q["sql"] for q in queries if "FROM" in q["sql"] and "accounts_user" in q["sql"])
    assert 'LOWER("accounts_user"."email") = ' in lookup


def test_login_records_last_login(api_client):
    user = UserFactory(email="nurse@example.com")

    api_client.post(URL, {"email": "nurse@example.com", "password": DEFAULT_PASSWORD})

    user.refresh_from_db()
    assert user.last_login is not None


@pytest.mark.parametrize(
    ("email", "password"),
    [
        ("nobody@example.com", DEFAULT_PASSWORD),
        ("nurse@example.com", "Wrong-Password-1"),
        ("inactive@example.com", DEFAULT_PASSWORD),
        ("not an email", DEFAULT_PASSWORD),
    ],
)
def test_unknown_email_wrong_password_and_inactive_user_get_the_same_401(api_client, email, password):
    UserFactory(email="nurse@example.com")
    UserFactory(email="inactive@example.com", is_active=False)

    response = api_client.post(URL, {"email": email, "password": password})

    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid credentials."}


def test_missing_fields_are_a_400(api_client):
    response = api_client.post(URL, {"email": "nurse@example.com"})

    assert response.status_code == 400
    assert "password" in response.json()["errors"]


def test_unverified_email_can_log_in_when_verification_is_not_required(api_client, settings):
    settings.REQUIRE_EMAIL_VERIFICATION = False
    UserFactory(email="new@example.com", email_verified=False)

    response = api_client.post(URL, {"email": "new@example.com", "password": DEFAULT_PASSWORD})

    assert response.status_code == 200


def test_unverified_email_is_403_when_verification_is_required(api_client, settings):
    settings.REQUIRE_EMAIL_VERIFICATION = True
    UserFactory(email="new@example.com", email_verified=False)

    response = api_client.post(URL, {"email": "new@example.com", "password": DEFAULT_PASSWORD})

    assert response.status_code == 403
    assert response.json() == {"detail": "Email not verified."}


def test_wrong_password_for_unverified_email_is_still_401(api_client, settings):
    settings.REQUIRE_EMAIL_VERIFICATION = True
    UserFactory(email="new@example.com", email_verified=False)

    response = api_client.post(URL, {"email": "new@example.com", "password": "Wrong-Password-1"})

    assert response.status_code == 401


def test_an_old_argon2_hash_is_upgraded_on_login(api_client, settings):
    settings.PASSWORD_HASHERS = [
        "accounts.hashers.SchoolArgon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    from django.contrib.auth.hashers import make_password

    user = UserFactory(email="old@example.com")
    user.password = make_password(DEFAULT_PASSWORD, hasher="pbkdf2_sha256")
    user.save()

    response = api_client.post(URL, {"email": "old@example.com", "password": DEFAULT_PASSWORD})

    assert response.status_code == 200
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
