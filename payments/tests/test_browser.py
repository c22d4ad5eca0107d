"""The sandbox checkout in a real browser: Chromium (Debian's) driven by Playwright against a real
server process on the test database."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.db import connection
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.tests.factories import UserFactory
from courses.tests.factories import PaidCourseFactory

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOT = "/tmp/sandbox-checkout.png"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"no Chromium at {CHROMIUM}"),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url() -> str:
    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def live_api(tmp_path):
    """`manage.py runserver` on a free port, on this test's (committed) database, keys-free."""
    if connection.vendor != "postgresql":
        pytest.skip("the server process needs a database it can share: run on PostgreSQL")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "CONN_MAX_AGE": "0",
        "DEBUG": "True",
        "SECRET_KEY": settings.SECRET_KEY,
        "JWT_SIGNING_KEY": settings.SIMPLE_JWT["SIGNING_KEY"],
        "PAYSTACK_SECRET_KEY": "",
        "FLUTTERWAVE_SECRET_KEY": "",
        "PAYMENTS_SANDBOX_ENABLED": "True",
        "PAYMENT_CARD_PROVIDER": "",
        "FRONTEND_URL": f"{base}/frontend",
        "PUBLIC_BASE_URL": "",
    }
    log = (tmp_path / "server.log").open("w")
    manage = Path(settings.BASE_DIR) / "manage.py"
    server = subprocess.Popen(
        [sys.executable, str(manage), "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if requests.get(f"{base}/api/health/", timeout=1).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"server did not start:\n{(tmp_path / 'server.log').read_text()}")
            time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


@pytest.mark.django_db(transaction=True)
def test_paying_on_the_sandbox_checkout_in_a_browser_enrolls_the_student(live_api):
    sync_api = pytest.importorskip("playwright.sync_api")
    student = UserFactory()
    course = PaidCourseFactory(title="NCLEX-RN Pharmacology Masterclass")
    auth = {"Authorization": f"Bearer {RefreshToken.for_user(student).access_token}"}

    started = requests.post(
        f"{live_api}/api/payments/initiate/",
        json={"course_id": str(course.id), "payment_method": "credit_card", "amount": "60.00", "currency": "USD"},
        headers=auth,
        timeout=10,
    )
    assert started.status_code == 200, started.text
    transaction_id = started.json()["transaction_id"]

    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 900, "height": 760})
            page.goto(started.json()["redirect_url"])
            assert page.get_by_role("button", name="Decline").is_visible()
            page.screenshot(path=SCREENSHOT, full_page=True)
            page.get_by_role("button", name="Pay 60.00 USD").click()
            page.wait_for_url(f"**/frontend/payment-status?transaction_id={transaction_id}")
        finally:
            browser.close()

    status = requests.get(f"{live_api}/api/payments/status/{transaction_id}/", headers=auth, timeout=10).json()
    assert status["status"] == "success"
    assert status["enrollment_status"] == "enrolled"
