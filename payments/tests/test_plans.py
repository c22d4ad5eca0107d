"""Buying plans (CONTRACT §9): initiation with `plan_id`, the same settle-once pipeline, the grant
it buys, renewals that stack, and the receipt every successful payment sends."""

import io
import json
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command

from core.testing import assert_error
from courses.models import PlanGrant
from courses.tests.factories import PaidCourseFactory
from courses.tests.plan_factories import PlanFactory
from payments.models import Payment, SandboxCharge
from payments.tests.fakes import (
    FRONTEND,
    PAYSTACK_API,
    make_stale,
    mock_paystack_verify,
    paystack_event,
    post_paystack_webhook,
)
from payments.tests.test_sandbox import open_checkout, press

pytestmark = pytest.mark.django_db

URL = "/api/payments/initiate/"
PAYSTACK_INIT = f"{PAYSTACK_API}/transaction/initialize"


def initiate(client, plan, **body):
    return client.post(URL, {"plan_id": str(plan.pk), "payment_method": "sandbox", **body}, format="json")


def pay_in_sandbox(student_client, api_client, plan, currency="NGN") -> str:
    response = initiate(student_client, plan, currency=currency)
    assert response.status_code == 200, response.content
    path = response.json()["redirect_url"].removeprefix("http://testserver")
    press(api_client, path, "pay", open_checkout_any(api_client, path))
    return response.json()["transaction_id"]


def open_checkout_any(client, path: str) -> str:
    """The checkout page's form token, whatever the amount shown."""
    html = client.get(path, HTTP_ACCEPT="text/html").content.decode()
    return re.search(r'name="token" value="([^"]+)"', html).group(1)


def test_a_plan_payment_is_pending_at_the_plans_price_in_the_chosen_currency(student_client):
    plan = PlanFactory()

    response = initiate(student_client, plan, currency="GBP")

    assert response.status_code == 200
    payment = Payment.objects.get(transaction_id=response.json()["transaction_id"])
    assert (payment.plan, payment.course, payment.amount, payment.currency, payment.status) == (
        plan,
        None,
        Decimal("15.00"),
        "GBP",
        "pending",
    )


def test_a_currency_the_plan_has_no_price_in_is_refused(student_client):
    response = initiate(student_client, PlanFactory(), currency="EUR")

    assert_error(response, 400, "Currency not offered for this plan.")
    assert not Payment.objects.exists()


def test_an_amount_that_is_not_the_plans_price_is_refused(student_client):
    assert_error(initiate(student_client, PlanFactory(), currency="USD", amount="1.00"), 400)
    assert not Payment.objects.exists()


def test_course_id_and_plan_id_together_or_neither_are_refused(student_client):
    plan, course = PlanFactory(), PaidCourseFactory()

    both = initiate(student_client, plan, course_id=str(course.pk), currency="USD")
    neither = student_client.post(URL, {"payment_method": "sandbox"}, format="json")

    assert_error(both, 400)
    assert_error(neither, 400)


def test_an_inactive_or_unknown_plan_is_404(student_client):
    assert_error(initiate(student_client, PlanFactory(is_active=False), currency="USD"), 404)


def test_anonymous_cannot_buy_a_plan(api_client):
    assert_error(initiate(api_client, PlanFactory(), currency="USD"), 401)


def test_paying_for_a_plan_grants_it_and_opens_its_courses(student_client, api_client):
    course = PaidCourseFactory()
    plan = PlanFactory(duration_days=30)

    transaction_id = pay_in_sandbox(student_client, api_client, plan)

    payment = Payment.objects.get(transaction_id=transaction_id)
    assert payment.status == "success"
    grant = PlanGrant.objects.get(user=student_client.user)
    assert (grant.plan, grant.source, grant.payment) == (plan, "payment", payment)
    assert grant.ends_at - grant.starts_at == timedelta(days=30)
    status = student_client.get(f"/api/payments/status/{transaction_id}/").json()
    assert status["enrollment_status"] == "enrolled"
    detail = student_client.get(f"/api/courses/{course.pk}/").json()
    assert detail["video_url"] == course.video_url
    [mine] = student_client.get("/api/users/me/plans/").json()
    assert mine["plan_id"] == str(plan.pk) and mine["source"] == "payment"
    [listed] = student_client.get("/api/payments/").json()
    assert (listed["plan_id"], listed["plan_name"], listed["course_id"]) == (str(plan.pk), plan.name, None)


def test_buying_a_plan_again_stacks_after_the_current_end(student_client, api_client):
    plan = PlanFactory(duration_days=30)

    pay_in_sandbox(student_client, api_client, plan)
    pay_in_sandbox(student_client, api_client, plan)

    first, second = PlanGrant.objects.filter(user=student_client.user).order_by("starts_at")
    assert second.starts_at == first.ends_at
    assert second.ends_at == first.ends_at + timedelta(days=30)


def test_a_duplicate_webhook_grants_a_plan_once(
    student_client, paystack, gateway_http, api_client, django_capture_on_commit_callbacks
):
    plan = PlanFactory(duration_days=7)  # weekly: a Paystack plan is created first
    gateway_http.post(f"{PAYSTACK_API}/plan", json={"status": True, "data": {"plan_code": "PLN_weekly"}})
    gateway_http.post(
        PAYSTACK_INIT, json={"status": True, "data": {"authorization_url": "https://checkout.paystack.com/x"}}
    )
    transaction_id = initiate(student_client, plan, currency="NGN", payment_method="paystack").json()["transaction_id"]
    mock_paystack_verify(gateway_http, transaction_id, amount=1500000, currency="NGN")
    body = paystack_event(transaction_id, amount=1500000, currency="NGN")

    with django_capture_on_commit_callbacks(execute=True):
        assert post_paystack_webhook(api_client, body).status_code == 200
        assert post_paystack_webhook(api_client, body).status_code == 200

    assert PlanGrant.objects.filter(user=student_client.user).count() == 1
    assert len(mail.outbox) == 1


def test_a_plan_payment_underpaid_at_the_gateway_grants_nothing(student_client, paystack, gateway_http, api_client):
    plan = PlanFactory(duration_days=None)
    gateway_http.post(
        PAYSTACK_INIT, json={"status": True, "data": {"authorization_url": "https://checkout.paystack.com/x"}}
    )
    transaction_id = initiate(student_client, plan, currency="NGN", payment_method="paystack").json()["transaction_id"]
    mock_paystack_verify(gateway_http, transaction_id, amount=100, currency="NGN")

    post_paystack_webhook(api_client, paystack_event(transaction_id, amount=100, currency="NGN"))

    assert Payment.objects.get(transaction_id=transaction_id).status == "failed"
    assert not PlanGrant.objects.exists()
    assert len(mail.outbox) == 0


def test_a_receipt_in_html_and_text_follows_a_successful_payment(
    student_client, api_client, django_capture_on_commit_callbacks
):
    plan = PlanFactory(name="Monthly all access")

    with django_capture_on_commit_callbacks(execute=True):
        transaction_id = pay_in_sandbox(student_client, api_client, plan)

    [receipt] = mail.outbox
    assert receipt.to == [student_client.user.email]
    assert "Monthly all access" in receipt.subject and "15000.00 NGN" in receipt.subject
    assert transaction_id in receipt.body
    assert f"{FRONTEND}/payment-status?transaction_id={transaction_id}" in receipt.body
    [(html, mimetype)] = receipt.alternatives
    assert mimetype == "text/html" and transaction_id in html and "<table" in html


def test_a_declined_payment_sends_no_receipt(student_client, api_client, django_capture_on_commit_callbacks):
    response = initiate(student_client, PlanFactory(), currency="NGN")
    path = response.json()["redirect_url"].removeprefix("http://testserver")

    with django_capture_on_commit_callbacks(execute=True):
        press(api_client, path, "decline", open_checkout_any(api_client, path))

    assert Payment.objects.get().status == "failed"
    assert mail.outbox == []


def test_a_course_payment_sends_a_receipt_too(student_client, api_client, django_capture_on_commit_callbacks):
    course = PaidCourseFactory(title="Pharmacology Mastery")
    response = student_client.post(URL, {"course_id": str(course.pk), "payment_method": "sandbox"})
    path = response.json()["redirect_url"].removeprefix("http://testserver")

    with django_capture_on_commit_callbacks(execute=True):
        press(api_client, path, "pay", open_checkout(api_client, path))

    [receipt] = mail.outbox
    assert "Pharmacology Mastery" in receipt.subject and "60.00 USD" in receipt.body


def test_paystack_metadata_names_the_plan(student_client, paystack, gateway_http):
    plan = PlanFactory(duration_days=None)
    init = gateway_http.post(
        PAYSTACK_INIT, json={"status": True, "data": {"authorization_url": "https://checkout.paystack.com/x"}}
    )

    initiate(student_client, plan, currency="NGN", payment_method="paystack")

    sent = json.loads(init.calls[0].request.body)
    assert sent["metadata"]["plan_id"] == str(plan.pk) and sent["amount"] == 1500000
    assert "plan" not in sent  # no end: not a subscription


def test_the_sandbox_checkout_page_names_the_plan(student_client, api_client):
    plan = PlanFactory(name="Monthly all access")
    response = initiate(student_client, plan, currency="USD")
    path = response.json()["redirect_url"].removeprefix("http://testserver")

    html = api_client.get(path, HTTP_ACCEPT="text/html").content.decode()

    assert "<h1>Monthly all access</h1>" in html and ">Pay 20.00 USD</button>" in html


def test_reconcile_settles_a_plan_payment_whose_webhook_was_lost(student_client):
    plan = PlanFactory()
    transaction_id = initiate(student_client, plan, currency="USD").json()["transaction_id"]
    payment = make_stale(Payment.objects.get(transaction_id=transaction_id), minutes=30)
    SandboxCharge.objects.create(
        payment=payment, outcome="paid", amount=payment.amount, currency=payment.currency, gateway_id="sbx_lost"
    )

    call_command("reconcile_payments", stdout=io.StringIO())

    payment.refresh_from_db()
    assert payment.status == "success"
    assert PlanGrant.objects.get(payment=payment).user == student_client.user
