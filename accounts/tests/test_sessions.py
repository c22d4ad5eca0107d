"""Sessions end before their tokens expire: logout (ASVS 5.0 7.4.1), refresh-token reuse (RFC 9700
§4.14.2), password change and reset, deactivation; `accounts.signals.sessions_ended` tells listeners.
And the nightly clean-up (`accounts.tasks.sessions_prune_task`): refresh tokens past their expiry and
the sessions they have all expired from are deleted; nothing a valid token still refers to is."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from freezegun import freeze_time
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

from accounts.models import LoginSession
from accounts.signals import sessions_ended
from accounts.tasks import sessions_prune_task
from accounts.tests.factories import DEFAULT_PASSWORD, AdminFactory, UserFactory
from core.testing import assert_error, bearer_client

pytestmark = pytest.mark.django_db

ME = "/api/users/me/"
REFRESH = "/api/auth/token/refresh/"
LOGOUT = "/api/auth/logout/"
REFRESH_LIFETIME = settings.SIMPLE_JWT["REFRESH_TOKEN_LIFETIME"]


@pytest.fixture
def nurse(db):
    return UserFactory(email="nurse@example.com")


def login(api_client, email="nurse@example.com") -> dict:
    response = api_client.post("/api/auth/login/", {"email": email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 200
    return response.json()


def me(api_client, access: str):
    return api_client.get(ME, HTTP_AUTHORIZATION=f"Bearer {access}")


def refresh(api_client, token: str):
    return api_client.post(REFRESH, {"refresh": token})


@pytest.fixture
def ended(django_capture_on_commit_callbacks):
    """The `sessions_ended` signals sent, with on-commit callbacks run as a real commit would."""
    received = []

    def listener(sender, **kwargs):
        received.append(kwargs)

    sessions_ended.connect(listener)
    yield received
    sessions_ended.disconnect(listener)


def test_logout_ends_the_access_token_presented(api_client, nurse):
    session = login(api_client)

    response = api_client.post(
        LOGOUT, {"refresh": session["refresh"]}, HTTP_AUTHORIZATION=f"Bearer {session['access']}"
    )

    assert response.status_code == 200
    assert_error(me(api_client, session["access"]), 401, "Token is invalid or expired.")


def test_a_logged_out_access_token_stays_refused_until_it_expires(api_client, nurse):
    session = login(api_client)
    api_client.post(LOGOUT, {"refresh": session["refresh"]}, HTTP_AUTHORIZATION=f"Bearer {session['access']}")

    with freeze_time(timedelta(minutes=14)):
        assert me(api_client, session["access"]).status_code == 401


def test_logout_without_the_header_still_ends_the_sessions_access_tokens(api_client, nurse):
    session = login(api_client)

    api_client.post(LOGOUT, {"refresh": session["refresh"]})

    assert me(api_client, session["access"]).status_code == 401


def test_logout_ends_an_access_token_that_carries_no_session(api_client, nurse):
    session = login(api_client)
    legacy = bearer_client(nurse)  # a token minted without a session id (as before sessions existed)
    access = legacy._credentials["HTTP_AUTHORIZATION"].split()[1]

    api_client.post(LOGOUT, {"refresh": session["refresh"]}, HTTP_AUTHORIZATION=f"Bearer {access}")

    assert me(api_client, access).status_code == 401


def test_logout_leaves_the_users_other_logins_alone(api_client, nurse):
    phone, laptop = login(api_client), login(api_client)

    api_client.post(LOGOUT, {"refresh": phone["refresh"]}, HTTP_AUTHORIZATION=f"Bearer {phone['access']}")

    assert me(api_client, laptop["access"]).status_code == 200
    assert refresh(api_client, laptop["refresh"]).status_code == 200


def test_logout_ignores_another_users_access_token_in_the_header(api_client, nurse):
    session = login(api_client)
    other = UserFactory(email="other@example.com")
    theirs = login(api_client, other.email)

    api_client.post(LOGOUT, {"refresh": session["refresh"]}, HTTP_AUTHORIZATION=f"Bearer {theirs['access']}")

    assert me(api_client, theirs["access"]).status_code == 200


def test_a_rotated_refresh_token_presented_again_revokes_the_whole_login(api_client, nurse):
    stolen = login(api_client)
    current = refresh(api_client, stolen["refresh"]).json()  # the user rotates

    reuse = refresh(api_client, stolen["refresh"])  # the thief replays the old one

    assert_error(reuse, 401, "Token is invalid or expired.")
    assert refresh(api_client, current["refresh"]).status_code == 401
    assert me(api_client, current["access"]).status_code == 401
    assert me(api_client, stolen["access"]).status_code == 401


def test_the_thiefs_rotation_is_revoked_when_the_user_presents_the_old_token(api_client, nurse):
    stolen = login(api_client)
    thief = refresh(api_client, stolen["refresh"]).json()  # the thief rotates first

    assert refresh(api_client, stolen["refresh"]).status_code == 401  # the user's refresh is a reuse

    assert refresh(api_client, thief["refresh"]).status_code == 401
    assert me(api_client, thief["access"]).status_code == 401


def test_a_revoked_login_stays_revoked_when_the_cache_is_emptied(api_client, nurse):
    stolen = login(api_client)
    current = refresh(api_client, stolen["refresh"]).json()
    refresh(api_client, stolen["refresh"])

    cache.clear()

    assert refresh(api_client, current["refresh"]).status_code == 401


def test_reuse_leaves_the_users_other_logins_alone(api_client, nurse):
    stolen, laptop = login(api_client), login(api_client)
    refresh(api_client, stolen["refresh"])

    refresh(api_client, stolen["refresh"])

    assert me(api_client, laptop["access"]).status_code == 200
    assert refresh(api_client, laptop["refresh"]).status_code == 200


def test_rotation_keeps_the_login_working_across_many_refreshes(api_client, nurse):
    tokens = login(api_client)
    for _ in range(3):
        tokens = refresh(api_client, tokens["refresh"]).json()

    assert me(api_client, tokens["access"]).status_code == 200


def test_a_refresh_token_from_before_sessions_still_rotates_once(api_client, nurse):
    from rest_framework_simplejwt.tokens import RefreshToken

    legacy = str(RefreshToken.for_user(nurse))

    first = refresh(api_client, legacy)

    assert first.status_code == 200
    assert me(api_client, first.json()["access"]).status_code == 200
    assert refresh(api_client, legacy).status_code == 401


def test_logout_sends_sessions_ended_with_the_access_jti(api_client, nurse, ended, django_capture_on_commit_callbacks):
    from rest_framework_simplejwt.tokens import AccessToken

    session = login(api_client)
    with django_capture_on_commit_callbacks(execute=True):
        api_client.post(LOGOUT, {"refresh": session["refresh"]}, HTTP_AUTHORIZATION=f"Bearer {session['access']}")

    assert ended == [{"signal": sessions_ended, "user_id": nurse.pk, "jti": AccessToken(session["access"])["jti"]}]


def test_a_password_change_sends_sessions_ended_for_every_session(nurse, ended, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = bearer_client(nurse).post(
            "/api/users/me/change-password/",
            {
                "current_password": DEFAULT_PASSWORD,
                "new_password": "Fresh-Passphrase-11",
                "confirm_new_password": "Fresh-Passphrase-11",
            },
        )

    assert response.status_code == 200
    assert ended == [{"signal": sessions_ended, "user_id": nurse.pk, "jti": None}]


def test_a_failed_password_change_sends_nothing(nurse, ended, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        bearer_client(nurse).post(
            "/api/users/me/change-password/",
            {
                "current_password": "Wrong-1234",
                "new_password": "Fresh-Passphrase-11",
                "confirm_new_password": "Fresh-Passphrase-11",
            },
        )

    assert ended == []


def test_a_password_reset_sends_sessions_ended(api_client, nurse, ended, emails_sent):
    from accounts.tests.conftest import token_in

    with emails_sent():
        api_client.post("/api/auth/forgot-password/", {"email": nurse.email})
    token = token_in(emails_sent.outbox[-1], "/auth/update-password")
    with emails_sent():
        response = api_client.post(
            "/api/auth/reset-password/confirm/",
            {"token": token, "new_password": "Fresh-Passphrase-11", "confirm_new_password": "Fresh-Passphrase-11"},
        )

    assert response.status_code == 200
    assert ended == [{"signal": sessions_ended, "user_id": nurse.pk, "jti": None}]


def test_a_deactivation_by_the_admin_api_sends_sessions_ended(nurse, ended, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = bearer_client(AdminFactory()).patch(f"/api/admin/users/{nurse.pk}/", {"is_active": False})

    assert response.status_code == 200
    assert ended == [{"signal": sessions_ended, "user_id": nurse.pk, "jti": None}]


def test_a_deactivation_on_the_admin_site_sends_sessions_ended(
    client, nurse, ended, django_capture_on_commit_callbacks
):
    admin = AdminFactory()
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/accounts/user/{nurse.pk}/change/",
            {"email": nurse.email, "full_name": nurse.full_name, "role": "user", "email_verified": "on"},
        )

    assert response.status_code == 302, response.content[:2000]
    nurse.refresh_from_db()
    assert not nurse.is_active
    assert ended == [{"signal": sessions_ended, "user_id": nurse.pk, "jti": None}]


def test_other_saves_of_a_user_send_nothing(nurse, ended, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        bearer_client(nurse).patch(ME, {"full_name": "New Name"})
        nurse.save()
        nurse.is_active = True
        nurse.save(update_fields=["is_active"])

    assert ended == []


# ------------------------------------------------------------------------------------------------
# The nightly prune


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
