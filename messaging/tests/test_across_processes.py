"""The proof that real time scales past one process: two servers sharing Redis as the channel layer."""

import json
import os

import pytest
import requests
from django.conf import settings
from django.db import connection
from rest_framework_simplejwt.tokens import AccessToken
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect

from tests.servers import app_server, database_url

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
        env = {"DATABASE_URL": database_url(connection.settings_dict), "REDIS_URL": settings.REDIS_URL, "DEBUG": "True"}
    log_dir = tmp_path_factory.mktemp("servers")
    with app_server(env, log_dir=log_dir) as first, app_server(env, log_dir=log_dir) as second:
        yield first.port, second.port


@pytest.mark.django_db(transaction=True)
def test_a_send_on_one_server_is_pushed_by_the_other(two_servers, student, tutor):
    first, second = two_servers
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
