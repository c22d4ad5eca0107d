"""The Django admin site's login is throttled per account and per address (django-axes), and the
API login is not affected by it."""

import pytest

from accounts.tests.factories import DEFAULT_PASSWORD, AdminFactory

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


@pytest.fixture
def low_limit(settings):
    settings.AXES_FAILURE_LIMIT = 3


def attempt(client, email: str, password: str, address: str = "203.0.113.7"):
    return client.post(LOGIN, {"username": email, "password": password, "next": "/admin/"}, REMOTE_ADDR=address)


def test_wrong_passwords_for_one_account_lock_it_out_even_with_the_right_one(client, low_limit):
    admin = AdminFactory(email="boss@example.com")
    for n, address in enumerate(["203.0.113.1", "203.0.113.2", "203.0.113.3"]):
        attempt(client, admin.email, f"Wrong-{n}", address)

    response = attempt(client, "BOSS@example.com", DEFAULT_PASSWORD, "198.51.100.9")  # another address, same account

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_wrong_passwords_from_one_address_lock_it_out_across_accounts(client, low_limit):
    admin = AdminFactory()
    for n in range(3):
        attempt(client, f"guess{n}@example.com", "Wrong-1234")

    response = attempt(client, admin.email, DEFAULT_PASSWORD)

    assert response.status_code == 429


def test_below_the_limit_the_right_password_still_logs_in(client, low_limit):
    admin = AdminFactory()
    attempt(client, admin.email, "Wrong-1234")

    response = attempt(client, admin.email, DEFAULT_PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(admin.pk)


def test_the_default_limit_is_five_wrong_passwords(client):
    admin = AdminFactory()
    for n in range(4):
        assert attempt(client, admin.email, f"Wrong-{n}").status_code == 200  # the form again, with its error

    assert attempt(client, admin.email, "Wrong-5").status_code == 429  # the fifth locks the account out
    assert attempt(client, admin.email, DEFAULT_PASSWORD).status_code == 429


def test_the_api_login_is_not_counted_by_the_admin_lockout(api_client, client, low_limit):
    admin = AdminFactory()
    for n in range(3):
        api_client.post("/api/auth/login/", {"email": admin.email, "password": f"Wrong-{n}"})

    assert attempt(client, admin.email, DEFAULT_PASSWORD).status_code == 302
    response = api_client.post("/api/auth/login/", {"email": admin.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 200
