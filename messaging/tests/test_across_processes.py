"""The proof that real time scales past one process: two servers sharing Redis as the channel layer."""

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
from django.conf import settings
from django.db import connection
from rest_framework_simplejwt.tokens import AccessToken
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect

pytestmark = [
    pytest.mark.redis,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set"),
]

STARTUP_TIMEOUT = 30


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url() -> str:
    """The live test database, as a URL the server processes can open."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    credentials = quote(db["USER"] or "", safe="") + (f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


def wait_for_port(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"server on :{port} exited with {process.returncode}:\n{log.read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"server on :{port} did not start within {STARTUP_TIMEOUT}s:\n{log.read_text()}")


@pytest.fixture(scope="module")
def two_servers(django_db_setup, tmp_path_factory):
    """Two uvicorn processes serving `config.asgi:application`, on the test database and Redis."""
    tmp_path = tmp_path_factory.mktemp("servers")
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3") and ("memory" in str(db["NAME"]) or db["NAME"] == ":memory:"):
        pytest.skip("an in-memory SQLite test database cannot be shared with other processes")
    env = {**os.environ, "DATABASE_URL": database_url(), "REDIS_URL": settings.REDIS_URL, "DEBUG": "True"}
    processes, ports = [], []
    try:
        for index in range(2):
            port, log = free_port(), tmp_path / f"server{index}.log"
            with log.open("wb") as out:
                command = [sys.executable, "-m", "uvicorn", "config.asgi:application", "--host", "127.0.0.1"]
                # A refused socket's consumer can take a few seconds to let go of its channel-layer
                # receive (channels-redis); the servers need not wait for that on shutdown.
                command += ["--port", str(port), "--log-level", "warning", "--timeout-graceful-shutdown", "1"]
                processes.append(
                    subprocess.Popen(command, cwd=settings.BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT)
                )
            ports.append(port)
            wait_for_port(port, processes[-1], log)
        yield ports
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


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
