"""Issue 11 on the socket: it ends with the session (6), its token can stay out of the URL (7), typing
frames are rate limited (10) and its Origin check is exact (11)."""

import asyncio
import time

import pytest
from asgiref.sync import sync_to_async
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken

from accounts.models import User
from accounts.signals import sessions_ended
from accounts.tests.factories import DEFAULT_PASSWORD
from messaging.tests.test_websocket import (  # noqa: F401 - the autouse fixture
    _close_worker_thread_connections,
    access_token,
    assert_closed_unauthenticated,
    connected,
    rest,
    socket,
)
from messaging.throttles import TypingFrameThrottle

CLOSED = {"type": "websocket.close", "code": 4401}


async def assert_closes_within_a_second(communicator) -> None:
    assert await communicator.receive_output(timeout=1) == CLOSED
    await communicator.disconnect(code=4401)


async def assert_open(communicator) -> None:
    assert await communicator.receive_nothing(timeout=0.2)


def send_sessions_ended(user, jti=None):
    sessions_ended.send(sender=User, user_id=user.pk, jti=jti)


def login(user) -> dict:
    response = APIClient().post("/api/auth/login/", {"email": user.email, "password": DEFAULT_PASSWORD}, format="json")
    assert response.status_code == 200, response.content
    return response.json()


# --- 6: open sockets end with the session -------------------------------------------------------


@pytest.mark.django_db(transaction=True)
async def test_sessions_ended_without_jti_closes_every_socket_of_that_user_only(student, tutor):
    phone, laptop, tutor_socket = await connected(student), await connected(student), await connected(tutor)

    await sync_to_async(send_sessions_ended)(student)

    await assert_closes_within_a_second(phone)
    await assert_closes_within_a_second(laptop)
    await assert_open(tutor_socket)
    await tutor_socket.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_sessions_ended_with_a_jti_closes_the_socket_of_that_token_only(student):
    first_login, second_login = await sync_to_async(login)(student), await sync_to_async(login)(student)
    ended, other = socket(first_login["access"]), socket(second_login["access"])
    assert (await ended.connect())[0] and (await other.connect())[0]
    jti = AccessToken(first_login["access"])["jti"]

    await sync_to_async(send_sessions_ended)(student, jti)

    await assert_closes_within_a_second(ended)
    await assert_open(other)
    await other.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_logout_closes_the_sockets_of_that_login_and_no_other(student):
    # Two access tokens of one login (before and after a refresh), and a second login elsewhere.
    first = await sync_to_async(login)(student)
    refreshed = (
        await sync_to_async(APIClient().post)("/api/auth/token/refresh/", {"refresh": first["refresh"]}, format="json")
    ).json()
    elsewhere = await sync_to_async(login)(student)
    old_tab, new_tab, other_device = socket(first["access"]), socket(refreshed["access"]), socket(elsewhere["access"])
    for communicator in (old_tab, new_tab, other_device):
        assert (await communicator.connect())[0]

    def logout():
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {refreshed['access']}")
        return client.post("/api/auth/logout/", {"refresh": refreshed["refresh"]}, format="json")

    assert (await sync_to_async(logout)()).status_code == 200

    await assert_closes_within_a_second(new_tab)
    await assert_closes_within_a_second(old_tab)
    await assert_open(other_device)
    await other_device.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_a_password_change_closes_every_open_socket_of_the_user(student):
    communicator = await connected(student)

    response = await rest(
        student,
        "post",
        "/api/users/me/change-password/",
        {
            "current_password": DEFAULT_PASSWORD,
            "new_password": "An0ther-Secret-77",
            "confirm_new_password": "An0ther-Secret-77",
        },
    )

    assert response.status_code == 200, response.content
    await assert_closes_within_a_second(communicator)


@pytest.mark.django_db(transaction=True)
async def test_a_deactivation_closes_every_open_socket_of_the_user(student, admin_user):
    communicator = await connected(student)

    response = await rest(admin_user, "patch", f"/api/admin/users/{student.id}/", {"is_active": False})

    assert response.status_code == 200, response.content
    await assert_closes_within_a_second(communicator)


# --- 7: the token out of the URL ----------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
async def test_the_bearer_subprotocol_authenticates_and_is_answered(student, tutor):
    token = await sync_to_async(access_token)(student)
    communicator = socket(subprotocols=["bearer", token])

    accepted, subprotocol = await communicator.connect()

    assert accepted
    assert subprotocol == "bearer"
    response = await rest(tutor, "post", "/api/messages/send/", {"receiver_id": str(student.id), "content": "Hi"})
    assert await communicator.receive_json_from(timeout=1) == {"type": "message.new", "message": response.json()}
    await communicator.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_a_bad_token_in_the_subprotocol_is_closed_with_4401(student):
    communicator = socket(subprotocols=["bearer", "not.a.jwt"])

    accepted, subprotocol = await communicator.connect()

    assert accepted and subprotocol == "bearer"
    assert await communicator.receive_output(timeout=1) == CLOSED
    await communicator.disconnect(code=4401)


@pytest.mark.django_db(transaction=True)
async def test_a_first_auth_frame_authenticates_the_socket(student, tutor):
    communicator = socket()
    assert (await communicator.connect())[0]

    await communicator.send_json_to({"type": "auth", "token": await sync_to_async(access_token)(student)})

    assert await communicator.receive_json_from(timeout=1) == {"type": "auth.ok"}
    response = await rest(tutor, "post", "/api/messages/send/", {"receiver_id": str(student.id), "content": "Hi"})
    assert await communicator.receive_json_from(timeout=1) == {"type": "message.new", "message": response.json()}
    await communicator.send_json_to({"type": "auth", "token": "again"})
    assert (await communicator.receive_json_from(timeout=1))["type"] == "error"
    await communicator.disconnect()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "frame",
    [{"type": "auth", "token": "not.a.jwt"}, {"type": "auth"}, {"type": "typing", "to": "x"}, ["auth"]],
)
async def test_a_first_frame_that_does_not_authenticate_closes_with_4401(frame):
    communicator = socket()
    assert (await communicator.connect())[0]

    await communicator.send_json_to(frame)

    assert await communicator.receive_output(timeout=1) == CLOSED
    await communicator.disconnect(code=4401)


@pytest.mark.django_db(transaction=True)
async def test_nothing_is_pushed_to_a_socket_before_it_authenticates(student, tutor, settings):
    settings.WS_AUTH_TIMEOUT_SECONDS = 1
    waiting = socket()
    assert (await waiting.connect())[0]

    await rest(tutor, "post", "/api/messages/send/", {"receiver_id": str(student.id), "content": "Hi"})

    assert await waiting.receive_output(timeout=2) == CLOSED  # no message.new first: the deadline's close
    await waiting.disconnect(code=4401)


# --- 10: typing frames are rate limited ---------------------------------------------------------


def test_the_typing_throttle_allows_a_burst_of_its_rate_then_its_rate_a_second():
    now = [100.0]
    throttle = TypingFrameThrottle(rate=5, clock=lambda: now[0])

    answers = [throttle.allow() for _ in range(300)]

    assert answers[:5] == [(True, False)] * 5
    assert answers[5] == (False, True)  # the first refusal of the burst: one error frame
    assert answers[6:] == [(False, False)] * 294
    now[0] += 0.2  # one frame's worth refilled
    assert throttle.allow() == (True, False)
    assert throttle.allow() == (False, True)


@pytest.mark.django_db(transaction=True)
async def test_typing_frames_past_the_rate_are_dropped_with_one_error_frame(student, tutor, settings):
    settings.WS_TYPING_FRAMES_PER_SECOND = 5
    student_socket, tutor_socket = await connected(student), await connected(tutor)
    started = time.monotonic()

    for _ in range(300):
        await student_socket.send_json_to({"type": "typing", "to": str(tutor.id)})

    relayed = 0
    while not await tutor_socket.receive_nothing(timeout=0.3):
        assert await tutor_socket.receive_json_from() == {"type": "typing", "from": str(student.id)}
        relayed += 1
    elapsed = time.monotonic() - started
    # A burst of 5, plus what refilled (5 a second) while the frames were being handled.
    assert 5 <= relayed <= 5 + 5 * elapsed + 1
    errors = []
    while not await student_socket.receive_nothing(timeout=0.1):
        errors.append(await student_socket.receive_json_from())
    assert errors[0] == {"type": "error", "detail": "Too many typing frames; at most 5 a second."}
    assert len(errors) <= relayed - 4  # one per burst, never one per dropped frame
    await student_socket.disconnect()
    await tutor_socket.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_typing_is_relayed_again_after_a_pause(student, tutor, settings):
    settings.WS_TYPING_FRAMES_PER_SECOND = 2
    student_socket, tutor_socket = await connected(student), await connected(tutor)
    for _ in range(5):
        await student_socket.send_json_to({"type": "typing", "to": str(tutor.id)})
    while not await tutor_socket.receive_nothing(timeout=0.2):
        await tutor_socket.receive_json_from()
    while not await student_socket.receive_nothing(timeout=0.1):
        await student_socket.receive_json_from()

    await asyncio.sleep(0.6)
    await student_socket.send_json_to({"type": "typing", "to": str(tutor.id)})

    assert await tutor_socket.receive_json_from(timeout=1) == {"type": "typing", "from": str(student.id)}
    await student_socket.disconnect()
    await tutor_socket.disconnect()


# --- 11: the Origin check is exact --------------------------------------------------------------


async def handshake(student, origin: bytes, host: bytes = b"127.0.0.1:8000"):
    communicator = socket(await sync_to_async(access_token)(student), origin=origin, host=host)
    accepted, _ = await communicator.connect()
    await communicator.disconnect()
    return accepted


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "origin",
    [
        b"http://localhost:3001",  # a CORS origin's host on another port
        b"https://localhost:3000",  # ... with another scheme
        b"http://127.0.0.1:9999",  # an allowed host on a port other than the API's
        b"http://localhost",  # an allowed host, default port
        b"http://localhost:3000/",  # malformed: a path
        b"http://localhost:3000/evil",
        b"http://localhost:3000?x=1",
        b"http://localhost:3000#x",
        b"http://user@localhost:3000",
        b"http://localhost:3000@evil.example",
        b"http://evil.example\\@localhost:3000",
        b"http://localhost:3000 ",
        b" http://localhost:3000",
        b"http://localhost:99999",
        b"localhost:3000",
        b"ws://localhost:3000",
        b"null",
        b"",
    ],
)
async def test_an_origin_that_is_not_exactly_an_allowed_one_is_refused(student, origin):
    assert not await handshake(student, origin)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("origin", [b"http://localhost:3000", b"http://LOCALHOST:3000", b"http://127.0.0.1:8000"])
async def test_a_cors_origin_or_the_apis_own_origin_is_accepted(student, origin):
    assert await handshake(student, origin)


@pytest.mark.django_db(transaction=True)
async def test_the_own_origin_needs_an_allowed_host(student):
    assert not await handshake(student, b"http://evil.example:8000", host=b"evil.example:8000")


@pytest.mark.django_db(transaction=True)
async def test_the_own_origin_of_a_secure_socket_is_https(student):
    token = await sync_to_async(access_token)(student)
    plain, secure = socket(token, origin=b"https://localhost", host=b"localhost"), None
    assert not (await plain.connect())[0]
    await plain.disconnect()
    secure = socket(token, origin=b"https://localhost", host=b"localhost")
    secure.scope["scheme"] = "wss"

    accepted, _ = await secure.connect()

    assert accepted
    await secure.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_two_origin_headers_are_refused(student):
    communicator = socket(await sync_to_async(access_token)(student))
    communicator.scope["headers"].append((b"origin", b"http://localhost:3000"))

    accepted, _ = await communicator.connect()

    assert not accepted
    await communicator.disconnect()
