import pytest

from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def low_rates(settings):
    rates = dict(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"])
    rates.update(
        login="5/min",
        login_email="3/min",
        register="2/min",
        password_reset="2/min",
        password_reset_email="2/min",
        verification="2/min",
        verification_email="2/min",
    )
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}


def test_login_is_throttled_per_email_with_retry_after(api_client, low_rates):
    UserFactory(email="nurse@example.com")
    for _ in range(3):
        api_client.post("/api/auth/login/", {"email": "nurse@example.com", "password": "wrong"})

    response = api_client.post("/api/auth/login/", {"email": "nurse@example.com", "password": "wrong"})

    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    assert response.json()["detail"].startswith("Request was throttled.")


def test_the_email_limit_counts_every_spelling_of_the_address(api_client, low_rates):
    for email in ["nurse@example.com", "NURSE@example.com", " Nurse@Example.com"]:
        api_client.post("/api/auth/login/", {"email": email, "password": "wrong"})

    response = api_client.post("/api/auth/login/", {"email": "nurse@EXAMPLE.com", "password": "wrong"})

    assert response.status_code == 429


def test_login_is_throttled_per_ip_across_emails(api_client, low_rates):
    for n in range(5):
        api_client.post("/api/auth/login/", {"email": f"user{n}@example.com", "password": "wrong"})

    response = api_client.post("/api/auth/login/", {"email": "fresh@example.com", "password": "wrong"})

    assert response.status_code == 429


def test_another_ip_is_not_throttled_by_the_first(api_client, low_rates):
    for n in range(5):
        api_client.post("/api/auth/login/", {"email": f"user{n}@example.com", "password": "wrong"})

    response = api_client.post(
        "/api/auth/login/", {"email": "fresh@example.com", "password": "wrong"}, REMOTE_ADDR="10.9.8.7"
    )

    assert response.status_code == 401


@pytest.mark.parametrize(
    ("url", "body"),
    [
        ("/api/auth/register/", {"email": "x@example.com"}),
        ("/api/auth/forgot-password/", {"email": "x@example.com"}),
        ("/api/auth/resend-verification/", {"email": "x@example.com"}),
    ],
)
def test_email_sending_endpoints_are_throttled(api_client, low_rates, url, body):
    for _ in range(2):
        api_client.post(url, body)

    response = api_client.post(url, body)

    assert response.status_code == 429
    assert "Retry-After" in response.headers


def test_a_cache_outage_lets_logins_through(api_client, low_rates, monkeypatch):
    from django.core.cache import cache

    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get", down)
    UserFactory(email="nurse@example.com")

    response = api_client.post("/api/auth/login/", {"email": "nurse@example.com", "password": "Correct-Horse-42"})

    assert response.status_code == 200
