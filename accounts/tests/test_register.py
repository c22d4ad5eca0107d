import pytest

from accounts.models import User
from accounts.tests.conftest import token_in
from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/auth/register/"


def payload(**overrides):
    return {
        "full_name": "Jane Nurse",
        "email": "jane@example.com",
        "password": "Sturdy-Passphrase-9",
        "confirm_password": "Sturdy-Passphrase-9",
        **overrides,
    }


def test_register_creates_a_student_and_returns_the_contract_shape(api_client):
    response = api_client.post(URL, payload())

    assert response.status_code == 201
    body = response.json()
    assert body["message"] == "Registration successful. Please check your email to confirm your account."
    assert body["user"]["email"] == "jane@example.com"
    assert body["user"]["full_name"] == "Jane Nurse"
    assert body["user"]["role"] == "user"
    assert body["user"]["email_verified"] is False
    user = User.objects.get(pk=body["user"]["id"])
    assert user.check_password("Sturdy-Passphrase-9")


def test_register_stores_the_password_hashed_with_argon2(api_client, settings):
    settings.PASSWORD_HASHERS = ["accounts.hashers.SchoolArgon2PasswordHasher"]

    api_client.post(URL, payload())

    assert User.objects.get().password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")


def test_register_sends_a_verification_link_to_the_frontend(api_client, emails_sent, settings):
    settings.FRONTEND_URL = "https://school.example"
    with emails_sent():
        api_client.post(URL, payload())

    assert len(emails_sent.outbox) == 1
    assert emails_sent.outbox[0].to == ["jane@example.com"]
    assert token_in(emails_sent.outbox[0], "https://school.example/auth/verify-email")


def test_register_rejects_mismatched_passwords(api_client):
    response = api_client.post(URL, payload(confirm_password="Other-Passphrase-9"))

    assert response.status_code == 400
    assert response.json()["detail"] == "Passwords do not match."
    assert not User.objects.exists()


def test_register_rejects_an_email_already_registered_in_any_case(api_client):
    UserFactory(email="jane@example.com")

    response = api_client.post(URL, payload(email="JANE@Example.com"))

    assert response.status_code == 400
    assert response.json()["detail"] == "Email already registered."
    assert User.objects.count() == 1


def test_register_stores_the_email_lower_cased(api_client):
    api_client.post(URL, payload(email="Jane.Doe@Example.COM"))

    assert User.objects.get().email == "jane.doe@example.com"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"password": "123", "confirm_password": "123"}, "password"),
        ({"password": "password", "confirm_password": "password"}, "password"),
        ({"email": "not-an-email"}, "email"),
        ({"full_name": "   "}, "full_name"),
        ({"full_name": None}, "full_name"),
    ],
)
def test_register_rejects_invalid_input_with_field_errors(api_client, overrides, field):
    response = api_client.post(URL, payload(**overrides))

    assert response.status_code == 400
    assert response.json()["detail"] == "Invalid input data."
    assert field in response.json()["errors"]
    assert not User.objects.exists()


def test_register_ignores_a_role_in_the_body(api_client):
    response = api_client.post(URL, payload(role="admin"))

    assert response.status_code == 201
    assert User.objects.get().role == "user"


def test_register_with_a_malformed_json_body_is_a_json_400(api_client):
    response = api_client.generic("POST", URL, "{not json", content_type="application/json")

    assert response.status_code == 400
    assert "detail" in response.json()
