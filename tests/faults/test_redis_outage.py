"""Redis goes away: the REST API keeps answering (cache misses, throttles let requests through, both
logged), nothing hangs, and once Redis is back WebSockets connect again and receive pushes relayed
between server processes.

The app is gunicorn with two uvicorn workers on a private redis-server (cache, throttle counters,
channel layer, Celery broker) and pytest's test database.
"""

import json
import time

import pytest
import requests
from rest_framework_simplejwt.tokens import AccessToken
from websockets.exceptions import ConnectionClosed, InvalidHandshake
from websockets.sync.client import connect

from accounts.models import User
from accounts.tests.factories import DEFAULT_PASSWORD, TutorFactory, UserFactory
from config import settings as project_settings
from courses.tests.factories import CourseFactory
from messaging.models import Message
from payments.checks import SANDBOX_OVERRIDE
from payments.models import SandboxCharge
from payments.tests.factories import PaymentFactory
from payments.tests.fakes import make_stale
from tests.faults.conftest import production_env
from tests.servers import RedisServer, app_server, redis_unavailable_reason, wait_until

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

SLOWEST_ANSWER = 5.0  # seconds, for any answer while Redis is down or frozen ...
PUSH_SLOWEST = 15.0  # ... but one that hands work to a frozen Redis (a push, an email) may wait longer


@pytest.fixture
def redis_server(tmp_path):
    if reason := redis_unavailable_reason():
        pytest.skip(reason)
    with RedisServer.running(tmp_path) as server:
        yield server


@pytest.fixture
def server(shared_test_database, redis_server, tmp_path, settings):
    env = production_env(
        DATABASE_URL=shared_test_database,
        REDIS_URL=redis_server.url(),
        JWT_SIGNING_KEY=settings.SIMPLE_JWT["SIGNING_KEY"],  # it accepts the tokens tests mint
    )
    with app_server(env, kind="gunicorn", workers=2, log_dir=tmp_path) as app:
        yield app


@pytest.fixture
def sandbox_server(shared_test_database, redis_server, tmp_path, settings):
    """One production worker with the sandbox gateway on (allowed by its override), whose verify
    step reads the sandbox's charges from the database: a gateway that stays up while Redis is down."""
    env = production_env(
        DATABASE_URL=shared_test_database,
        REDIS_URL=redis_server.url(),
        JWT_SIGNING_KEY=settings.SIMPLE_JWT["SIGNING_KEY"],
        PAYMENTS_SANDBOX_ENABLED="True",
        PAYMENTS_SANDBOX_IN_PRODUCTION=SANDBOX_OVERRIDE,
    )
    with app_server(env, kind="gunicorn", workers=1, log_dir=tmp_path) as app:
        yield app


@pytest.fixture
def people(settings):
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS  # the server checks passwords with these
    return UserFactory(), TutorFactory()


def call(server, method: str, path: str, user=None, *, slowest: float = SLOWEST_ANSWER, **kwargs):
    headers = {"Authorization": f"Bearer {AccessToken.for_user(user)}"} if user is not None else {}
    started = time.monotonic()
    response = requests.request(method, f"{server.url}{path}", headers=headers, timeout=30, **kwargs)
    elapsed = time.monotonic() - started
    print(f"{method} {path} {response.status_code} {elapsed:.2f}s")
    assert elapsed < slowest, f"{method} {path} took {elapsed:.1f}s"
    return response


def open_socket(server, user):
    return connect(f"{server.ws_url}/ws/messages/?token={AccessToken.for_user(user)}", open_timeout=10)


def reconnect(server, user, *, within: float = 20.0):
    """What a frontend does after its socket dropped: try again every half second."""

    def attempt():
        try:
            return open_socket(server, user)
        except (InvalidHandshake, OSError, TimeoutError):
            return None

    return wait_until(attempt, timeout=within, interval=0.5, what="the WebSocket to connect again")


def next_frame(socket, timeout: float = 10.0) -> dict:
    return json.loads(socket.recv(timeout=timeout))


def send_message(server, sender, receiver, content: str, **kwargs) -> requests.Response:
    body = {"receiver_id": str(receiver.pk), "content": content}
    return call(server, "POST", "/api/messages/send/", sender, json=body, **kwargs)


def register(server, email: str, **kwargs) -> requests.Response:
    password = "Sturdy-Passphrase-9"
    account = {"full_name": "Ama Owusu", "email": email, "password": password, "confirm_password": password}
    return call(server, "POST", "/api/auth/register/", json=account, **kwargs)


def test_rest_keeps_working_while_redis_is_down_and_sockets_come_back_with_it(server, redis_server, people):
    student, tutor = people
    CourseFactory(title="Fluids and electrolytes")
    with open_socket(server, student) as socket:
        assert send_message(server, tutor, student, "before").status_code == 201
        assert next_frame(socket)["message"]["content"] == "before"

        redis_server.stop()

        # The open socket is closed, so the frontend knows to reconnect (rather than wait for
        # pushes that cannot come).
        with pytest.raises(ConnectionClosed):
            while True:
                socket.recv(timeout=15)

    health = call(server, "GET", "/api/health/")
    assert (health.status_code, health.json()) == (200, {"status": "ok", "database": "ok", "cache": "error"})
    assert call(server, "GET", "/api/users/me/", student).status_code == 200
    assert [c["title"] for c in call(server, "GET", "/api/courses/", student).json()] == ["Fluids and electrolytes"]
    assert call(server, "GET", "/api/messages/conversations/", student).status_code == 200
    # Login is throttled per email (5/min) with counters in Redis: without them it lets requests through.
    logins = [
        call(server, "POST", "/api/auth/login/", json={"email": student.email, "password": DEFAULT_PASSWORD})
        for _ in range(7)
    ]
    assert [r.status_code for r in logins] == [200] * 7
    assert "Exception ignored" in server.log()  # django-redis logged each cache error it absorbed

    redis_server.start()

    with reconnect(server, student) as socket:
        assert call(server, "GET", "/api/health/").json()["cache"] == "ok"
        sent = send_message(server, tutor, student, "after")
        assert sent.status_code == 201
        assert next_frame(socket) == {"type": "message.new", "message": sent.json()}


def test_throttles_let_requests_through_while_redis_is_down_and_say_so(server, redis_server, people):
    student, _ = people
    redis_server.stop()

    statuses = [
        call(server, "POST", "/api/auth/login/", json={"email": student.email, "password": "wrong"}).status_code
        for _ in range(7)
    ]

    assert statuses == [401] * 7  # over the 5/min per email, but nothing can be counted
    # The throttle's own fail-open branch, not a history that merely reads as empty.
    assert "cache unavailable, request allowed" in server.log()


def test_the_status_poll_re_verifies_a_stale_payment_while_redis_is_down(sandbox_server, redis_server, people):
    """The poll's cover for a lost webhook must not depend on Redis: its once-per-15-seconds marker
    cannot be set, so the payment is re-verified anyway (and settled)."""
    student, _ = people
    payment = make_stale(PaymentFactory(user=student, provider="sandbox"))
    SandboxCharge.objects.create(
        payment=payment, outcome="paid", amount=payment.amount, currency=payment.currency, gateway_id="sbx_lost"
    )
    redis_server.stop()

    # Settling queues a receipt email, which waits out the unreachable broker.
    path = f"/api/payments/status/{payment.transaction_id}/"
    polled = call(sandbox_server, "GET", path, student, slowest=PUSH_SLOWEST)

    assert polled.status_code == 200
    assert (polled.json()["status"], polled.json()["enrollment_status"]) == ("success", "enrolled")
    assert "cache unavailable; re-verifying" in sandbox_server.log()


def test_throttles_count_again_once_redis_is_back(server, redis_server, people):
    student, _ = people
    redis_server.stop()
    redis_server.start()

    statuses = [
        call(server, "POST", "/api/auth/login/", json={"email": student.email, "password": "wrong"}).status_code
        for _ in range(6)
    ]

    assert statuses == [401] * 5 + [429]


def test_a_frozen_redis_slows_requests_down_but_never_hangs_them(server, redis_server, people):
    student, tutor = people
    redis_server.freeze()  # connections stay open, nothing answers: only socket timeouts help
    try:
        health = call(server, "GET", "/api/health/")
        login = call(server, "POST", "/api/auth/login/", json={"email": student.email, "password": DEFAULT_PASSWORD})
        me = call(server, "GET", "/api/users/me/", student)
        # The push after a send waits out the channel layer's socket timeout (10 s: it must outlast
        # the layer's own 5 s blocking reads), then the send answers as usual.
        sent = send_message(server, tutor, student, "while Redis is frozen", slowest=PUSH_SLOWEST)
        registered = register(server, "frozen@example.com", slowest=PUSH_SLOWEST)
    finally:
        redis_server.thaw()

    assert health.json()["cache"] == "error"
    assert login.status_code == 200
    assert me.status_code == 200
    assert sent.status_code == 201
    assert registered.status_code == 201


def test_a_message_sent_while_redis_is_down_is_saved_and_answered_201(server, redis_server, people):
    student, tutor = people
    redis_server.stop()

    sent = send_message(server, tutor, student, "while Redis is down")

    assert sent.status_code == 201
    assert Message.objects.filter(pk=sent.json()["id"], receiver=student).exists()
    assert "after-commit" in server.log()  # the push that could not go out is logged


def test_registration_while_redis_is_down_creates_the_account_and_answers_201(server, redis_server):
    redis_server.stop()

    response = register(server, "ama@example.com")

    assert response.status_code == 201
    assert User.objects.filter(email="ama@example.com").exists()
    assert "after-commit" in server.log()  # the verification email that could not be queued is logged
