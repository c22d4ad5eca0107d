import pytest

from accounts.tests.factories import DEFAULT_PASSWORD, UserFactory

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
    # In-process stand-in; tests/faults/test_redis_outage.py stops a real Redis.
    from core.cache import strict_cache

    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(strict_cache, "get", down)
    UserFactory(email="nurse@example.com")

    response = api_client.post("/api/auth/login/", {"email": "nurse@example.com", "password": "Correct-Horse-42"})

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        ('{"email": "nurse@example.com", "password": ', "application/json", 400),
        (b'{"email": "\xff\xfe", "password": "x"}', "application/json", 400),
        ("[" * 10_000 + "]" * 10_000, "application/json", 400),
        ("email=nurse@example.com&password=x", "text/plain", 415),
    ],
)
def test_an_unreadable_body_gets_its_own_error_not_a_silent_empty_form(api_client, body, content_type, status, caplog):
    # The per-email throttle reads the body before the view does; its parse error is the answer.
    response = api_client.generic("POST", "/api/auth/login/", body, content_type=content_type)

    assert response.status_code == status
    assert "errors" not in response.json()
    assert "This field is required." not in response.content.decode()
    assert "cache unavailable" not in caplog.text


def test_a_body_over_the_upload_limit_is_a_413_on_throttled_endpoints_too(api_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000

    response = api_client.post("/api/auth/forgot-password/", {"email": "a" * 2_000 + "@example.com"})

    assert response.status_code == 413
    assert response.json() == {"detail": "Request body too large."}


def _change_password(client, current: str):
    new = "Fresh-Passphrase-11"
    return client.post(
        "/api/users/me/change-password/",
        {"current_password": current, "new_password": new, "confirm_new_password": new},
    )


def test_change_password_guesses_are_throttled_per_account(settings):
    from core.testing import bearer_client

    rates = dict(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], password_change="3/min")
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    user = UserFactory()
    for guess in ["Guess-0001", "Guess-0002", "Guess-0003"]:
        assert _change_password(bearer_client(user), guess).status_code == 400

    response = _change_password(bearer_client(user), DEFAULT_PASSWORD)  # even the right one, from a new token

    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    user.refresh_from_db()
    assert user.check_password(DEFAULT_PASSWORD)


def test_change_password_has_a_default_limit(student_client):
    for n in range(5):
        assert _change_password(student_client, f"Guess-000{n}").status_code == 400

    assert _change_password(student_client, "Guess-0006").status_code == 429


def test_change_password_counts_guesses_not_unreadable_bodies(student_client):
    for _ in range(6):
        assert student_client.post("/api/users/me/change-password/", {}).status_code == 400

    assert _change_password(student_client, "Guess-0001").status_code == 400
