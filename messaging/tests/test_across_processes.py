"""The proof that real time scales past one process: two servers sharing Redis as the channel layer."""

import json
import os
import socket

import pytest
import requests
from django.conf import settings
from django.db import connection
from rest_framework_simplejwt.tokens import AccessToken
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect

from tests.servers import app_server, database_url, wait_until

pytestmark = [
    pytest.mark.redis,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set"),
]


@pytest.fixture(scope="module")
def two_servers(django_db_setup, django_db_blocker, tmp_path_factory):
    """Two uvicorn processes serving `config.asgi:application`, on the test database and Redis."""
    with django_db_blocker.unblock():
        if connection.vendor != "postgresql":
            pytest.skip("the server processes need a database they can share: run on PostgreSQL")
        env = {
            "DATABASE_URL": database_url(connection.settings_dict),
            "REDIS_URL": settings.REDIS_URL,
            "DEBUG": "True",
            "WS_AUTH_TIMEOUT_SECONDS": "1",
        }
    log_dir = tmp_path_factory.mktemp("servers")
    with app_server(env, log_dir=log_dir) as first, app_server(env, log_dir=log_dir) as second:
        yield first.port, second.port, first


@pytest.fixture(scope="module")
def websocket_server(django_db_setup, django_db_blocker, tmp_path_factory):
    """The production WebSocket server, config/gunicorn_ws.py (gunicorn, uvicorn workers, DEBUG off)."""
    with django_db_blocker.unblock():
        if connection.vendor != "postgresql":
            pytest.skip("the server process needs a database it can share: run on PostgreSQL")
        env = {
            "DATABASE_URL": database_url(connection.settings_dict),
            "REDIS_URL": settings.REDIS_URL,
            "DEBUG": "False",
            "SECRET_KEY": settings.SECRET_KEY,
            "JWT_SIGNING_KEY": settings.SIMPLE_JWT["SIGNING_KEY"],
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "False",
        }
    with app_server(env, log_dir=tmp_path_factory.mktemp("ws-server"), kind="gunicorn-ws") as server:
        yield server


@pytest.mark.django_db(transaction=True)
def test_a_send_on_one_server_is_pushed_by_the_other(two_servers, student, tutor):
    first, second, _ = two_servers
    tutor_token, student_token = str(AccessToken.for_user(tutor)), str(AccessToken.for_user(student))

    with connect(f"ws://127.0.0.1:{first}/ws/messages/?token={tutor_token}", open_timeout=10) as tutor_socket:
        response = requests.post(
            f"http://127.0.0.1:{second}/api/messages/send/",
            json={"receiver_id": str(tutor.id), "content": "Across processes"},
            headers={"Authorization": f"Bearer {student_token}"},
            timeout=10,
        )
        assert response.status_code == 201, response.text

        assert json.loads(tutor_socket.recv(timeout=5)) == {"type": "message.new", "message": response.json()}


@pytest.mark.django_db(transaction=True)
def test_a_real_client_sees_4401_for_a_missing_token(two_servers):
    anonymous = connect(f"ws://127.0.0.1:{two_servers[0]}/ws/messages/", open_timeout=10)
    with anonymous, pytest.raises(ConnectionClosed) as closed:
        anonymous.recv(timeout=5)

    assert closed.value.rcvd.code == 4401


@pytest.mark.django_db(transaction=True)
def test_a_real_client_from_a_foreign_origin_is_refused_at_the_handshake(two_servers, student):
    url = f"ws://127.0.0.1:{two_servers[0]}/ws/messages/?token={AccessToken.for_user(student)}"

    with pytest.raises(InvalidStatus) as refused:
        connect(url, origin="https://evil.example", open_timeout=10)

    assert refused.value.response.status_code == 403


@pytest.mark.django_db(transaction=True)
def test_a_deactivation_on_one_server_closes_the_socket_on_the_other(two_servers, student, admin_user):
    first, second, _ = two_servers

    subprotocols = ["bearer", str(AccessToken.for_user(student))]
    with connect(f"ws://127.0.0.1:{first}/ws/messages/", subprotocols=subprotocols, open_timeout=10) as sock:
        assert sock.subprotocol == "bearer"
        response = requests.patch(
            f"http://127.0.0.1:{second}/api/admin/users/{student.id}/",
            json={"is_active": False},
            headers={"Authorization": f"Bearer {AccessToken.for_user(admin_user)}"},
            timeout=10,
        )
        assert response.status_code == 200, response.text
        with pytest.raises(ConnectionClosed) as closed:
            sock.recv(timeout=1)

    assert closed.value.rcvd.code == 4401


@pytest.mark.django_db(transaction=True)
def test_the_development_servers_log_has_no_token(two_servers, student):
    first, _, server = two_servers
    token = str(AccessToken.for_user(student))

    with connect(f"ws://127.0.0.1:{first}/ws/messages/?token={token}", open_timeout=10):
        pass

    wait_until(lambda: "WebSocket /ws/messages/" in server.log(), timeout=5, what="the handshake's log line")
    assert token not in server.log()
    assert "/ws/messages/?token=[redacted]" in server.log()


@pytest.mark.django_db(transaction=True)
def test_the_websocket_servers_log_has_no_token(websocket_server, student):
    token = str(AccessToken.for_user(student))
    with connect(f"ws://127.0.0.1:{websocket_server.port}/ws/messages/?token={token}", open_timeout=10) as sock:
        sock.send(json.dumps({"type": "typing", "to": str(student.id)}))
        assert json.loads(sock.recv(timeout=5))["type"] == "error"

    wait_until(lambda: "WebSocket /ws/messages/" in websocket_server.log(), timeout=5, what="the handshake's log line")
    assert token not in websocket_server.log()
    assert "[redacted]" in websocket_server.log()


@pytest.mark.django_db(transaction=True)
def test_the_websocket_server_answers_plain_http_with_404_without_reading_the_body(websocket_server):
    # Announce 300 MiB and send none of it: the answer comes at once, and nothing waits for the body.
    with socket.create_connection(("127.0.0.1", websocket_server.port), timeout=5) as conn:
        conn.sendall(
            b"POST /api/auth/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b"Content-Length: 314572800\r\n\r\n"
        )
        body = b'{"detail": "Not found."}'
        reply = b""
        while not reply.endswith(body):  # the headers and the body may come in separate segments
            chunk = conn.recv(4096)
            if not chunk:
                break
            reply += chunk

    assert reply.startswith(b"HTTP/1.1 404")
    assert reply.endswith(body)
