"""The nightly clean-up (`accounts.tasks.sessions_prune_task`): refresh tokens past their expiry and
the sessions they have all expired from are deleted; nothing a valid token still refers to is."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from freezegun import freeze_time
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

from accounts.models import LoginSession
from accounts.tasks import sessions_prune_task
from accounts.tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

REFRESH_LIFETIME = settings.SIMPLE_JWT["REFRESH_TOKEN_LIFETIME"]


@pytest.fixture
def nurse(db):
    return UserFactory(email="nurse@example.com")


def login(api_client) -> dict:
    response = api_client.post("/api/auth/login/", {"email": "nurse@example.com", "password": DEFAULT_PASSWORD})
    assert response.status_code == 200
    return response.json()


def refresh(api_client, token: str):
    return api_client.post("/api/auth/token/refresh/", {"refresh": token})


def test_a_login_records_when_its_refresh_token_expires(api_client, nurse):
    before = timezone.now()

    login(api_client)

    session = LoginSession.objects.get(user=nurse)
    assert before + REFRESH_LIFETIME - timedelta(seconds=1) <= session.expires_at <= timezone.now() + REFRESH_LIFETIME


def test_a_refresh_moves_the_sessions_expiry_to_the_new_token(api_client, nurse):
    first = login(api_client)
    expires = LoginSession.objects.get(user=nurse).expires_at

    with freeze_time(timedelta(days=2)):
        assert refresh(api_client, first["refresh"]).status_code == 200

    assert LoginSession.objects.get(user=nurse).expires_at >= expires + timedelta(days=2) - timedelta(seconds=1)


def test_nothing_live_is_pruned(api_client, nurse):
    session = login(api_client)

    with freeze_time(REFRESH_LIFETIME - timedelta(minutes=1)):
        assert sessions_prune_task() == {"tokens": 0, "sessions": 0}
        assert refresh(api_client, session["refresh"]).status_code == 200

    assert LoginSession.objects.filter(user=nurse).count() == 1


def test_a_session_whose_tokens_all_expired_is_deleted_with_its_tokens(api_client, nurse):
    first = login(api_client)
    second = refresh(api_client, first["refresh"]).json()  # the first token is now blacklisted
    assert BlacklistedToken.objects.count() == 1

    with freeze_time(REFRESH_LIFETIME + timedelta(minutes=1)):
        assert sessions_prune_task() == {"tokens": 2, "sessions": 1}
        assert refresh(api_client, second["refresh"]).status_code == 401  # expired, as before the prune

    assert not LoginSession.objects.exists()
    assert not OutstandingToken.objects.exists()
    assert not BlacklistedToken.objects.exists()


def test_a_rotated_session_is_kept_while_its_newest_token_lives(api_client, nurse):
    first = login(api_client)
    with freeze_time(timedelta(days=5)):
        newest = refresh(api_client, first["refresh"]).json()

    with freeze_time(REFRESH_LIFETIME + timedelta(minutes=1)):
        assert sessions_prune_task() == {"tokens": 1, "sessions": 0}  # only the first, expired token
        assert refresh(api_client, newest["refresh"]).status_code == 200


def test_a_session_recorded_before_expiries_counts_from_its_start(nurse):
    old = LoginSession.objects.create(user=nurse)
    recent = LoginSession.objects.create(user=nurse)
    LoginSession.objects.filter(pk=old.pk).update(created_at=timezone.now() - REFRESH_LIFETIME - timedelta(hours=1))

    assert sessions_prune_task() == {"tokens": 0, "sessions": 1}

    assert list(LoginSession.objects.values_list("pk", flat=True)) == [recent.pk]


def test_a_login_inserts_its_session_with_its_expiry(api_client, nurse, django_assert_num_queries):
    # The user by email, last_login, the refresh token's OutstandingToken row, the session (one
    # INSERT, no UPDATE after it).
    with django_assert_num_queries(4) as captured:
        login(api_client)

    writes = [q["sql"] for q in captured.captured_queries if "accounts_loginsession" in q["sql"]]
    assert len(writes) == 1 and writes[0].startswith("INSERT")
