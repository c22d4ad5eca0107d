"""PostgreSQL goes away under load and comes back: the app answers 503 JSON quickly meanwhile (no
hang, no HTML, no 500) and serves again afterwards, without being restarted itself.

The database is a private cluster started for this module; the app is gunicorn with uvicorn
workers and DEBUG off, as in production.
"""

import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest
import requests

from tests.faults.conftest import production_env
from tests.servers import PostgresCluster, app_server, manage, postgres_unavailable_reason

pytestmark = pytest.mark.faults

UNAVAILABLE = {"detail": "Service temporarily unavailable."}
PASSWORD = "Sturdy-Passphrase-9"
CLIENT_TIMEOUT = 30  # far above what any answer may take: a hang shows up as a slow answer, not a skip
SLOWEST_ANSWER = 8.0  # seconds; every answer, 200 or 503, comes back faster than this


@pytest.fixture(scope="module")
def postgres():
    """A migrated database on a private PostgreSQL cluster this module may stop and start."""
    if reason := postgres_unavailable_reason():
        pytest.skip(reason)
    with PostgresCluster.running() as cluster:
        url = cluster.create_database("nclex")
        manage("migrate", "--noinput", env={"DATABASE_URL": url, "REDIS_URL": ""})
        yield cluster, url


@dataclass
class Answer:
    path: str
    started: float
    finished: float
    status: int | None  # None: no HTTP answer at all (connection error or client timeout)
    content_type: str
    body: object

    @property
    def seconds(self) -> float:
        return self.finished - self.started


def sign_up(server) -> str:
    """A student made through the API; returns their access token."""
    account = {"full_name": "Load Tester", "email": f"load-{uuid.uuid4().hex[:8]}@example.com", "password": PASSWORD}
    requests.post(
        f"{server.url}/api/auth/register/", json={**account, "confirm_password": PASSWORD}, timeout=30
    ).raise_for_status()
    login = requests.post(
        f"{server.url}/api/auth/login/", json={"email": account["email"], "password": PASSWORD}, timeout=30
    )
    login.raise_for_status()
    return login.json()["access"]


def hammer(server, token: str, stop: threading.Event, answers: list[Answer]) -> None:
    """Reads and writes in a loop until `stop`: authenticated reads, a write, the health check."""
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    calls = [
        ("GET", "/api/users/me/", None),
        ("GET", "/api/courses/", None),
        ("PATCH", "/api/users/me/", {"full_name": "Load Tester Renamed"}),
        ("GET", "/api/health/", None),
    ]
    while not stop.is_set():
        for method, path, body in calls:
            started = time.monotonic()
            try:
                response = session.request(method, f"{server.url}{path}", json=body, timeout=CLIENT_TIMEOUT)
                status, content_type = response.status_code, response.headers.get("Content-Type", "")
                try:
                    payload = response.json()
                except ValueError:
                    payload = response.text[:300]
            except requests.RequestException as exc:
                status, content_type, payload = None, "", repr(exc)
            answers.append(Answer(path, started, time.monotonic(), status, content_type, payload))


def run_under_load(server, token: str, outage, *, clients: int = 6, settle: float = 1.5) -> list[Answer]:
    """Load from `clients` threads: `settle` seconds of normal service, then `outage()`, then
    `settle` more seconds."""
    stop, answers = threading.Event(), []
    with ThreadPoolExecutor(clients) as pool:
        loops = [pool.submit(hammer, server, token, stop, answers) for _ in range(clients)]
        try:
            time.sleep(settle)
            outage()
            time.sleep(settle)
        finally:
            stop.set()
        for loop in loops:
            loop.result()
    return answers


def assert_every_answer_is_200_or_a_json_503(answers: list[Answer]) -> None:
    assert answers
    assert [a for a in answers if a.status not in (200, 503)] == []
    assert [a for a in answers if not a.content_type.startswith("application/json")] == []
    for answer in answers:
        if answer.status == 503 and answer.path == "/api/health/":
            assert answer.body["database"] == "error"
        elif answer.status == 503:
            assert answer.body == UNAVAILABLE
    slowest = max(answers, key=lambda a: a.seconds)
    assert slowest.seconds < SLOWEST_ANSWER, slowest


def worker_boots(server) -> int:
    return server.log().count("Booting worker")


@pytest.mark.parametrize("conn_max_age", ["0", "60"], ids=["per-request-connections", "persistent-connections"])
def test_a_postgresql_restart_gives_503s_then_service_resumes_by_itself(postgres, conn_max_age, tmp_path):
    cluster, url = postgres
    timeline = {}

    def restart_postgres():
        timeline["stopping"] = time.monotonic()
        cluster.stop(mode="fast")  # open sessions are cut mid-request, as in a restart or failover
        timeline["down"] = time.monotonic()
        time.sleep(3)
        timeline["starting"] = time.monotonic()
        cluster.start()
        timeline["up"] = time.monotonic()

    env = production_env(DATABASE_URL=url, CONN_MAX_AGE=conn_max_age)
    with app_server(env, kind="gunicorn", workers=2, log_dir=tmp_path) as server:
        token = sign_up(server)
        boots = worker_boots(server)

        answers = run_under_load(server, token, restart_postgres)

        assert_every_answer_is_200_or_a_json_503(answers)
        before = [a for a in answers if a.finished < timeline["stopping"]]
        during = [a for a in answers if a.started > timeline["down"] and a.finished < timeline["starting"]]
        after = [a for a in answers if a.started > timeline["up"] + 0.5]
        assert before and {a.status for a in before} == {200}
        assert during and {a.status for a in during} == {503}
        assert after and {a.status for a in after} == {200}, server.log_tail()
        # Recovered on its own: the same server, no worker crashed and was replaced.
        assert server.alive()
        assert worker_boots(server) == boots


def test_a_database_that_stops_answering_connections_gives_503s_within_the_connect_timeout(postgres, tmp_path):
    cluster, url = postgres
    # Every request opens its own connection, and the database host stops answering new ones: the
    # wait is bounded by DATABASE_CONNECT_TIMEOUT instead of psycopg's default of minutes.
    env = production_env(DATABASE_URL=url, CONN_MAX_AGE="0", DATABASE_CONNECT_TIMEOUT="2")
    timeline = {}

    def freeze_postgres():
        cluster.freeze_postmaster()
        timeline["frozen"] = time.monotonic()
        time.sleep(5)
        timeline["thawing"] = time.monotonic()
        cluster.thaw_postmaster()
        timeline["thawed"] = time.monotonic()

    with app_server(env, kind="gunicorn", workers=2, log_dir=tmp_path) as server:
        token = sign_up(server)

        answers = run_under_load(server, token, freeze_postgres, clients=4)

        assert_every_answer_is_200_or_a_json_503(answers)
        during = [a for a in answers if a.started > timeline["frozen"] + 0.5 and a.finished < timeline["thawing"]]
        after = [a for a in answers if a.started > timeline["thawed"] + 0.5]
        assert during and {a.status for a in during} == {503}
        assert min(a.seconds for a in during) > 1.5  # each one waited for the connect timeout, and no
        # longer than that plus its turn in the queue (checked above), not psycopg's default of 130 s.
        assert after and {a.status for a in after} == {200}
