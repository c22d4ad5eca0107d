"""The real-time side, through the project's ASGI application as a server would run it."""

import json
from datetime import timedelta

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import connections
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from accounts.tests.factories import UserFactory
from config.asgi import application
from core.testing import bearer_client

FRONTEND = b"http://localhost:3000"


@pytest.fixture(autouse=True)
async def _close_worker_thread_connections():
    """REST calls and the consumer's queries run on asgiref's worker thread, whose database
    connection would otherwise outlive the test and block dropping the test database."""
    yield
    await sync_to_async(connections.close_all)()


def access_token(user, lifetime: timedelta | None = None) -> str:
    token = AccessToken.for_user(user)
    if lifetime is not None:
        token.set_exp(lifetime=lifetime)
    return str(token)


def socket(
    token: str | None = None,
    origin: bytes | None = FRONTEND,
    path: str = "/ws/messages/",
    host: bytes | None = None,
    subprotocols: list[str] | None = None,
):
    query = f"?token={token}" if token is not None else ""
    headers = [(b"origin", origin)] if origin is not None else []
    if host is not None:
        headers.append((b"host", host))
    return WebsocketCommunicator(application, path + query, headers=headers, subprotocols=subprotocols)


async def connected(user) -> WebsocketCommunicator:
    communicator = socket(await sync_to_async(access_token)(user))
    accepted, _ = await communicator.connect()
    assert accepted
    return communicator


async def assert_closed_unauthenticated(communicator: WebsocketCommunicator) -> None:
    # Accepted, then closed with 4401: a refusal before the handshake could only be an HTTP 403.
    accepted, _ = await communicator.connect()
    assert accepted
    assert await communicator.receive_output(timeout=2) == {"type": "websocket.close", "code": 4401}
    await communicator.disconnect(code=4401)  # as a server does once the client acknowledges the close


async def rest(user, method: str, path: str, data: dict | None = None):
    def call():
        return getattr(bearer_client(user), method)(path, data or {}, format="json")

    return await sync_to_async(call)()


# --- authentication ---------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
async def test_socket_without_token_is_closed_with_4401_unless_its_first_frame_authenticates(settings):
    settings.WS_AUTH_TIMEOUT_SECONDS = 0.5

    await assert_closed_unauthenticated(socket(token=None))


@pytest.mark.django_db(transaction=True)
async def test_socket_with_garbage_token_is_closed_with_4401():
    await assert_closed_unauthenticated(socket(token="not.a.jwt"))


@pytest.mark.django_db(transaction=True)
async def test_socket_with_expired_token_is_closed_with_4401(student):
    token = await sync_to_async(access_token)(student, lifetime=timedelta(seconds=-1))

    await assert_closed_unauthenticated(socket(token))


@pytest.mark.django_db(transaction=True)
async def test_socket_with_a_refresh_token_is_closed_with_4401(student):
    token = await sync_to_async(lambda: str(RefreshToken.for_user(student)))()

    await assert_closed_unauthenticated(socket(token))


@pytest.mark.django_db(transaction=True)
async def test_socket_with_a_token_revoked_by_a_password_change_is_closed_with_4401(student):
    token = await sync_to_async(access_token)(student)

    def change_password():
        student.set_password("A-New-Password-77")
        student.save()

    await sync_to_async(change_password)()

    await assert_closed_unauthenticated(socket(token))


@pytest.mark.django_db(transaction=True)
async def test_socket_of_an_inactive_user_is_closed_with_4401():
    user = await sync_to_async(UserFactory)(is_active=False)

    await assert_closed_unauthenticated(socket(await sync_to_async(access_token)(user)))


@pytest.mark.django_db(transaction=True)
async def test_socket_is_closed_with_4401_when_its_token_expires(student):
    communicator = socket(await sync_to_async(access_token)(student, lifetime=timedelta(seconds=2)))
    accepted, _ = await communicator.connect()
    assert accepted

    assert await communicator.receive_output(timeout=4) == {"type": "websocket.close", "code": 4401}
    await communicator.disconnect(code=4401)


# --- origin -----------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
async def test_socket_from_a_foreign_origin_is_refused(student):
    communicator = socket(await sync_to_async(access_token)(student), origin=b"https://evil.example")

    accepted, _ = await communicator.connect()

    assert not accepted
    await communicator.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_a_cors_origin_must_match_scheme_and_port(student):
    communicator = socket(await sync_to_async(access_token)(student), origin=b"https://localhost.evil:3000")

    accepted, _ = await communicator.connect()

    assert not accepted
    await communicator.disconnect()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("origin", [FRONTEND, b"http://127.0.0.1:8000", None])
async def test_socket_from_an_allowed_origin_or_without_origin_is_accepted(student, origin):
    communicator = socket(await sync_to_async(access_token)(student), origin=origin, host=b"127.0.0.1:8000")

    accepted, _ = await communicator.connect()

    assert accepted
    await communicator.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_a_configured_frontend_origin_is_accepted(settings, student):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.nclex.example"]
    communicator = socket(await sync_to_async(access_token)(student), origin=b"https://app.nclex.example")

    accepted, _ = await communicator.connect()

    assert accepted
    await communicator.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_unknown_websocket_path_is_refused(student):
    communicator = socket(await sync_to_async(access_token)(student), path="/ws/elsewhere/")

    accepted, _ = await communicator.connect()

    assert not accepted
    await communicator.disconnect()


# --- pushes -----------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
async def test_a_rest_send_is_pushed_to_every_socket_of_both_participants(student, tutor, outsider):
    student_socket = await connected(student)
    tutor_phone, tutor_laptop = await connected(tutor), await connected(tutor)
    outsider_socket = await connected(outsider)

    response = await rest(student, "post", "/api/messages/send/", {"receiver_id": str(tutor.id), "content": "Hi!"})

    assert response.status_code == 201
    expected = {"type": "message.new", "message": response.json()}
    for communicator in (student_socket, tutor_phone, tutor_laptop):
        assert await communicator.receive_json_from(timeout=1) == expected
    assert await outsider_socket.receive_nothing(timeout=0.2)
    for communicator in (student_socket, tutor_phone, tutor_laptop, outsider_socket):
        await communicator.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_a_refused_send_pushes_nothing(student):
    student_socket = await connected(student)

    response = await rest(student, "post", "/api/messages/send/", {"receiver_id": str(student.id), "content": "Hi"})

    assert response.status_code == 400
    assert await student_socket.receive_nothing(timeout=0.2)
    await student_socket.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_marking_read_pushes_message_read_to_the_sender(student, tutor):
    sent = await rest(tutor, "post", "/api/messages/send/", {"receiver_id": str(student.id), "content": "Read me"})
    tutor_socket = await connected(tutor)

    response = await rest(student, "post", f"/api/messages/conversation/{tutor.id}/read/")

    assert response.json() == {"updated": 1}
    assert await tutor_socket.receive_json_from(timeout=1) == {
        "type": "message.read",
        "by": str(student.id),
        "up_to": sent.json()["created_at"],
    }
    await tutor_socket.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_marking_read_with_nothing_unread_pushes_nothing(student, tutor):
    tutor_socket = await connected(tutor)

    await rest(student, "post", f"/api/messages/conversation/{tutor.id}/read/")

    assert await tutor_socket.receive_nothing(timeout=0.2)
    await tutor_socket.disconnect()


# --- typing -----------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
async def test_typing_reaches_the_other_user(student, tutor):
    student_socket, tutor_socket = await connected(student), await connected(tutor)

    await student_socket.send_json_to({"type": "typing", "to": str(tutor.id)})

    assert await tutor_socket.receive_json_from(timeout=1) == {"type": "typing", "from": str(student.id)}
    assert await student_socket.receive_nothing(timeout=0.1)
    await student_socket.disconnect()
    await tutor_socket.disconnect()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "frame",
    [
        "not json",
        json.dumps(["typing"]),
        json.dumps({"type": "message.new", "message": {"content": "forged"}}),
        json.dumps({"type": "typing"}),
        json.dumps({"type": "typing", "to": "nobody"}),
        json.dumps({"type": "typing", "to": "00000000-0000-0000-0000-000000000000"}),
        "[" * 10_000 + "]" * 10_000,  # deeper than json can parse: RecursionError, not ValueError
    ],
)
async def test_junk_frames_get_an_error_frame_and_the_socket_stays_open(student, tutor, frame):
    student_socket, tutor_socket = await connected(student), await connected(tutor)

    await student_socket.send_to(text_data=frame)

    reply = await student_socket.receive_json_from(timeout=1)
    assert reply["type"] == "error"
    assert isinstance(reply["detail"], str)
    assert await tutor_socket.receive_nothing(timeout=0.1)
    # Still usable.
    await student_socket.send_json_to({"type": "typing", "to": str(tutor.id)})
    assert await tutor_socket.receive_json_from(timeout=1) == {"type": "typing", "from": str(student.id)}
    await student_socket.disconnect()
    await tutor_socket.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_typing_to_oneself_or_in_binary_is_an_error(student):
    student_socket = await connected(student)

    await student_socket.send_json_to({"type": "typing", "to": str(student.id)})
    assert (await student_socket.receive_json_from(timeout=1))["type"] == "error"
    await student_socket.send_to(bytes_data=b"\x00\x01")
    assert (await student_socket.receive_json_from(timeout=1))["type"] == "error"
    await student_socket.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_a_send_to_someone_offline_still_reaches_the_senders_socket(student, tutor):
    tutor_socket = await connected(tutor)
    await tutor_socket.disconnect()  # leaves the tutor's group empty
    student_socket = await connected(student)

    response = await rest(student, "post", "/api/messages/send/", {"receiver_id": str(tutor.id), "content": "Hi"})

    assert await student_socket.receive_json_from(timeout=1) == {"type": "message.new", "message": response.json()}
    await student_socket.disconnect()
