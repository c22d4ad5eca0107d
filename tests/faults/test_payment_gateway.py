"""A payment gateway that misbehaves, against the real server: Paystack's API is a stub HTTP server
here (PAYSTACK_BASE_URL points at it), as a staging environment would have it.

- Checkout while the gateway times out, fails, drops the connection or answers nonsense: a clear
  502, the payment marked failed, no enrollment, and nothing in the way of paying once it is back.
- A webhook storm: 200 concurrent deliveries of one signed webhook to four worker processes
  settle the payment once and enroll once, and every delivery is acknowledged.
"""

import http.server
import json
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlparse

import psycopg
import pytest
import requests
from rest_framework_simplejwt.tokens import AccessToken

from accounts.tests.factories import UserFactory
from courses.models import Enrollment
from courses.tests.factories import PaidCourseFactory
from payments.models import Payment
from payments.tests.factories import PaymentFactory
from payments.tests.fakes import PAYSTACK_SECRET, paystack_event, paystack_signature, paystack_verify_answer
from tests.faults.conftest import production_env
from tests.servers import app_server, http_stub

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

GATEWAY_TIMEOUT = 1.5  # PAYMENT_GATEWAY_TIMEOUT for the server, in seconds
UNAVAILABLE = {"detail": "Payment gateway unavailable."}


class PaystackStub(http.server.BaseHTTPRequestHandler):
    """Paystack's initialize and verify endpoints, behaving as `behaviour` says (class-wide state:
    one stub per module, one test at a time)."""

    behaviour = "healthy"
    verify_delay = 0.0
    verify_calls = 0
    lock = threading.Lock()

    def do_POST(self):
        if self.path != "/transaction/initialize":
            return self.answer(404, {"status": False, "message": "Not found"})
        request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        behaviour = type(self).behaviour
        if behaviour == "slow":
            time.sleep(GATEWAY_TIMEOUT + 2.5)
        elif behaviour == "error":
            return self.answer(500, {"status": False, "message": "An error occurred"})
        elif behaviour == "html":
            return self.answer(200, b"<html><body>502 Bad Gateway</body></html>", content_type="text/html")
        elif behaviour == "truncated":
            return self.answer(200, b'{"status": true, "data": {"authorization_url": "https://chec')
        elif behaviour == "no_checkout_url":
            return self.answer(200, {"status": True, "message": "Authorization URL created", "data": {}})
        elif behaviour == "hang_up":
            self.close_connection = True
            return
        self.answer(
            200,
            {
                "status": True,
                "message": "Authorization URL created",
                "data": {
                    "authorization_url": f"https://checkout.paystack.com/{request['reference']}",
                    "access_code": "0peioxfhpn",
                    "reference": request["reference"],
                },
            },
        )

    def do_GET(self):
        prefix = "/transaction/verify/"
        path = urlparse(self.path).path
        if not path.startswith(prefix):
            return self.answer(404, {"status": False, "message": "Not found"})
        with type(self).lock:
            type(self).verify_calls += 1
        time.sleep(type(self).verify_delay)  # a gateway takes its time: concurrent deliveries overlap
        if type(self).behaviour == "error":
            return self.answer(500, {"status": False, "message": "An error occurred"})
        self.answer(200, paystack_verify_answer(path.removeprefix(prefix)))

    def answer(self, status: int, body, *, content_type: str = "application/json") -> None:
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server gave up waiting (the "slow" behaviour): as intended

    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def gateway():
    with http_stub(PaystackStub) as port:
        yield port


@pytest.fixture(autouse=True)
def healthy_gateway():
    PaystackStub.behaviour, PaystackStub.verify_delay, PaystackStub.verify_calls = "healthy", 0.0, 0


@pytest.fixture(scope="module")
def server(shared_test_database, gateway, tmp_path_factory):
    from django.conf import settings

    env = production_env(
        DATABASE_URL=shared_test_database,
        PAYSTACK_SECRET_KEY=PAYSTACK_SECRET,
        PAYSTACK_BASE_URL=f"http://127.0.0.1:{gateway}",
        PAYMENT_GATEWAY_TIMEOUT=str(GATEWAY_TIMEOUT),
        JWT_SIGNING_KEY=settings.SIMPLE_JWT["SIGNING_KEY"],  # it accepts the tokens tests mint
    )
    with app_server(env, kind="gunicorn", workers=4, log_dir=tmp_path_factory.mktemp("payments-server")) as app:
        yield app


def initiate(server, user, course) -> tuple[requests.Response, float]:
    started = time.monotonic()
    response = requests.post(
        f"{server.url}/api/payments/initiate/",
        json={"course_id": str(course.pk), "payment_method": "paystack"},
        headers={"Authorization": f"Bearer {AccessToken.for_user(user)}"},
        timeout=30,
    )
    return response, time.monotonic() - started


def deliver_webhook(server, raw_body: bytes) -> requests.Response:
    return requests.post(
        f"{server.url}/api/payments/webhook/paystack/",
        data=raw_body,
        headers={"Content-Type": "application/json", "x-paystack-signature": paystack_signature(raw_body)},
        timeout=60,
    )


@pytest.mark.parametrize("behaviour", ["slow", "error", "html", "truncated", "no_checkout_url", "hang_up"])
def test_checkout_with_a_misbehaving_gateway_is_a_502_and_a_failed_payment(server, behaviour):
    student, course = UserFactory(), PaidCourseFactory()
    PaystackStub.behaviour = behaviour

    response, seconds = initiate(server, student, course)

    assert (response.status_code, response.json()) == (502, UNAVAILABLE)
    assert seconds < GATEWAY_TIMEOUT + 3
    payment = Payment.objects.get(user=student, course=course)
    assert payment.status == Payment.Status.FAILED
    assert payment.failure_reason.startswith("Gateway unavailable at checkout")
    assert not Enrollment.objects.filter(user=student, course=course).exists()

    # Nothing half-written stands in the way once the gateway is back.
    PaystackStub.behaviour = "healthy"
    retry, _ = initiate(server, student, course)
    assert retry.status_code == 200, retry.text
    assert retry.json()["redirect_url"].startswith("https://checkout.paystack.com/NCX-")
    statuses = Payment.objects.filter(user=student, course=course).order_by("created_at").values_list("status")
    assert [status for (status,) in statuses] == ["failed", "pending"]


def test_a_webhook_the_gateway_cannot_verify_is_refused_with_502_and_changes_nothing(server):
    payment = PaymentFactory()
    PaystackStub.behaviour = "error"  # the verify API is down: Paystack will deliver again later

    refused = deliver_webhook(server, paystack_event(payment.transaction_id))

    assert (refused.status_code, refused.json()) == (502, UNAVAILABLE)
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING
    assert not Enrollment.objects.filter(user=payment.user).exists()

    PaystackStub.behaviour = "healthy"
    assert deliver_webhook(server, paystack_event(payment.transaction_id)).status_code == 200
    payment.refresh_from_db()
    assert payment.status == Payment.Status.SUCCESS
    assert Enrollment.objects.filter(user=payment.user, course=payment.course).count() == 1


class ConnectionCounter:
    """The most connections the test database had open at once, sampled from a thread."""

    def __init__(self, database_url: str):
        self.database_url, self.peak, self.stop = database_url, 0, threading.Event()
        self.thread = threading.Thread(target=self.sample, daemon=True)

    def sample(self) -> None:
        with psycopg.connect(self.database_url, autocommit=True) as conn:
            while not self.stop.is_set():
                (count,) = conn.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                ).fetchone()
                self.peak = max(self.peak, count)
                time.sleep(0.02)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(timeout=10)


def test_a_storm_of_200_duplicate_webhooks_settles_the_payment_once(server, shared_test_database):
    payment = PaymentFactory()
    raw_body = paystack_event(payment.transaction_id)
    PaystackStub.verify_delay = 0.3  # the first deliveries all find the payment pending
    clients = 32

    with ConnectionCounter(shared_test_database) as connections, ThreadPoolExecutor(clients) as pool:
        answers = list(pool.map(lambda _: deliver_webhook(server, raw_body), range(200)))

    assert Counter(answer.status_code for answer in answers) == {200: 200}
    assert {answer.json()["message"] for answer in answers} == {"Webhook received."}
    payment.refresh_from_db()
    assert payment.status == Payment.Status.SUCCESS
    enrollments = Enrollment.objects.filter(user=payment.user, course=payment.course)
    assert [(e.source, e.payment_id) for e in enrollments] == [(Enrollment.Source.PAYMENT, payment.pk)]
    # One transition, logged once, however many deliveries overlapped at the gateway.
    log = server.log()
    assert log.count(f"{payment.transaction_id} is now") == 1
    assert f"{payment.transaction_id} is now success" in log
    assert PaystackStub.verify_calls >= 2, "the deliveries never overlapped: the storm proved nothing"
    # A connection per request in flight at most (plus this test's and the counter's), not a pile-up
    # that would exhaust PostgreSQL's max_connections under a burst.
    assert connections.peak <= clients + 2 + 4, connections.peak
