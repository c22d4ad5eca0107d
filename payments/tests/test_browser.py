"""The sandbox checkout in a real browser: Chromium (Debian's) driven by Playwright against a real
server process on the test database."""

import re

import pytest
import requests
from django.db import connection
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.tests.factories import UserFactory
from courses.tests.factories import PaidCourseFactory
from tests.browser import CHROMIUM, CHROMIUM_ARGS, browser_missing
from tests.servers import app_server, database_url, static_site

SCREENSHOT = "/tmp/sandbox-checkout.png"

pytestmark = [pytest.mark.browser, pytest.mark.skipif(bool(browser_missing()), reason=str(browser_missing()))]


@pytest.fixture
def live_api(tmp_path):
    """The app on a free port, on this test's (committed) database, with no gateway keys, returning
    customers to a stand-in frontend whose payment-status page is a static file."""
    if connection.vendor != "postgresql":
        pytest.skip("the server process needs a database it can share: run on PostgreSQL")
    (tmp_path / "payment-status").mkdir()
    (tmp_path / "payment-status" / "index.html").write_text("<h1>Payment status</h1>")
    with static_site(tmp_path) as frontend_port:
        env = {
            "DATABASE_URL": database_url(connection.settings_dict),
            "DEBUG": "True",
            "FRONTEND_URL": f"http://127.0.0.1:{frontend_port}",
            "PAYSTACK_SECRET_KEY": None,
            "FLUTTERWAVE_SECRET_KEY": None,
            "PAYMENTS_SANDBOX_ENABLED": "True",
            "PAYMENT_CARD_PROVIDER": None,
            "PUBLIC_BASE_URL": None,
        }
        with app_server(env, log_dir=tmp_path / "logs") as server:
            yield server.url


@pytest.mark.django_db(transaction=True)
def test_paying_on_the_sandbox_checkout_in_a_browser_enrolls_the_student(live_api):
    from playwright import sync_api

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
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 900, "height": 760})
            page.goto(started.json()["redirect_url"])
            assert page.get_by_role("button", name="Decline").is_visible()
            page.screenshot(path=SCREENSHOT, full_page=True)
            page.get_by_role("button", name="Pay 60.00 USD").click()
            page.wait_for_url(re.compile(rf"/payment-status/?\?transaction_id={transaction_id}&status=success$"))
        finally:
            browser.close()

    status = requests.get(f"{live_api}/api/payments/status/{transaction_id}/", headers=auth, timeout=10).json()
    assert status["status"] == "success"
    assert status["enrollment_status"] == "enrolled"
