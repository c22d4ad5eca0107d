"""Recurring plans (issue 14, item 3): a Paystack plan / Flutterwave payment plan per plan and
currency, each renewal charge extends access exactly once, cancelling stops the next renewal.
The gateways are faked at the HTTP boundary only."""

import json
import threading
from datetime import timedelta

import pytest
import responses
from django.core import mail
from django.db import connection, connections
from django.test import Client

from accounts.tests.factories import UserFactory
from core.testing import assert_error
from courses.models import PlanGrant
from courses.tests.plan_factories import PlanFactory
from payments.models import GatewayPlan, Payment, Subscription
from payments.tests.fakes import (
    FLUTTERWAVE_API,
    FLUTTERWAVE_HASH,
    PAYSTACK_API,
    mock_flutterwave_verify,
    mock_paystack_verify,
    paystack_signature,
    post_paystack_webhook,
)

pytestmark = pytest.mark.django_db

URL = "/api/payments/initiate/"
MINE = "/api/users/me/subscriptions/"
NAIRA_KOBO = 1500000  # 15000.00 NGN


def paystack_plan_and_checkout(gateway_http, code="PLN_monthly"):
    plan = gateway_http.post(f"{PAYSTACK_API}/plan", json={"status": True, "data": {"plan_code": code}})
    init = gateway_http.post(
        f"{PAYSTACK_API}/transaction/initialize",
        json={"status": True, "data": {"authorization_url": "https://checkout.paystack.com/abc"}},
    )
    return plan, init


def buy(client, plan, method="paystack", currency="NGN") -> str:
    response = client.post(
        URL, {"plan_id": str(plan.pk), "payment_method": method, "currency": currency}, format="json"
    )
    assert response.status_code == 200, response.content
    return response.json()["transaction_id"]


def paystack_body(event: str, **data) -> bytes:
    return json.dumps({"event": event, "data": data}).encode()


def renewal_charge(reference: str, email: str, *, amount=NAIRA_KOBO, code="PLN_monthly") -> bytes:
    return paystack_body(
        "charge.success",
        reference=reference,
        amount=amount,
        currency="NGN",
        status="success",
        plan={"plan_code": code, "interval": "monthly"},
        customer={"email": email},
    )


@pytest.fixture
def subscribed(student_client, api_client, paystack, gateway_http, django_capture_on_commit_callbacks):
    """A student whose first monthly payment on Paystack succeeded and whose subscription Paystack created."""
    plan = PlanFactory(duration_days=30)
    paystack_plan_and_checkout(gateway_http)
    transaction_id = buy(student_client, plan)
    mock_paystack_verify(gateway_http, transaction_id, amount=NAIRA_KOBO, currency="NGN")
    with django_capture_on_commit_callbacks(execute=True):
        post_paystack_webhook(api_client, renewal_charge(transaction_id, student_client.user.email))
    post_paystack_webhook(
        api_client,
        paystack_body(
            "subscription.create",
            subscription_code="SUB_vsyqdmlzble3uii",
            email_token="d7gofp6yppn3qz7",
            status="active",
            plan={"plan_code": "PLN_monthly"},
            customer={"email": student_client.user.email},
        ),
    )
    return Subscription.objects.get(user=student_client.user)


def test_a_monthly_plan_is_sold_as_a_paystack_subscription(student_client, paystack, gateway_http):
    plan = PlanFactory(duration_days=30)
    created, init = paystack_plan_and_checkout(gateway_http)

    buy(student_client, plan)
    buy(student_client, plan)

    assert len(created.calls) == 1  # created once, then reused
    sent_plan = json.loads(created.calls[0].request.body)
    assert sent_plan == {"name": f"{plan.name} (NGN)", "interval": "monthly", "amount": NAIRA_KOBO, "currency": "NGN"}
    assert json.loads(init.calls[0].request.body)["plan"] == "PLN_monthly"
    gateway_plan = GatewayPlan.objects.get()
    assert (gateway_plan.provider, gateway_plan.code, gateway_plan.currency) == ("paystack", "PLN_monthly", "NGN")


def test_the_first_payment_activates_the_subscription_and_paystack_gives_its_code(subscribed, student_client):
    assert (subscribed.status, subscribed.code, subscribed.token) == (
        "active",
        "SUB_vsyqdmlzble3uii",
        "d7gofp6yppn3qz7",
    )
    [row] = student_client.get(MINE).json()
    assert (row["id"], row["status"], row["interval"], row["currency"]) == (
        str(subscribed.pk),
        "active",
        "monthly",
        "NGN",
    )


def test_each_renewal_charge_extends_access_once(
    subscribed, student_client, api_client, gateway_http, django_capture_on_commit_callbacks
):
    first = PlanGrant.objects.get(user=student_client.user)
    mock_paystack_verify(gateway_http, "T-renewal-1", amount=NAIRA_KOBO, currency="NGN")
    body = renewal_charge("T-renewal-1", student_client.user.email.upper())

    with django_capture_on_commit_callbacks(execute=True):
        assert post_paystack_webhook(api_client, body).status_code == 200
        assert post_paystack_webhook(api_client, body).status_code == 200

    renewal = Payment.objects.get(subscription=subscribed, transaction_id__startswith="RNW-")
    assert (renewal.status, renewal.plan_id, renewal.amount) == (
        "success",
        first.plan_id,
        first.plan.prices.get(currency="NGN").amount,
    )
    second = PlanGrant.objects.get(payment=renewal)
    assert second.starts_at == first.ends_at
    assert second.ends_at == first.ends_at + timedelta(days=30)
    assert len(mail.outbox) == 2  # the first payment's receipt and the renewal's


def test_a_renewal_the_gateway_does_not_confirm_extends_nothing(subscribed, student_client, api_client, gateway_http):
    mock_paystack_verify(gateway_http, "T-renewal-2", amount=100, currency="NGN")

    response = post_paystack_webhook(api_client, renewal_charge("T-renewal-2", student_client.user.email))

    assert response.status_code == 200
    assert PlanGrant.objects.filter(user=student_client.user).count() == 1
    assert not Payment.objects.filter(transaction_id__startswith="RNW-").exists()


def test_a_forged_renewal_changes_nothing(subscribed, student_client, api_client):
    body = renewal_charge("T-renewal-3", student_client.user.email)

    response = post_paystack_webhook(api_client, body, signature="0" * 128)

    assert_error(response, 401)
    assert PlanGrant.objects.filter(user=student_client.user).count() == 1


def test_cancelling_disables_the_paystack_subscription(subscribed, student_client, gateway_http):
    disable = gateway_http.post(f"{PAYSTACK_API}/subscription/disable", json={"status": True, "message": "ok"})

    response = student_client.post(f"{MINE}{subscribed.pk}/cancel/")

    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert json.loads(disable.calls[0].request.body) == {"code": "SUB_vsyqdmlzble3uii", "token": "d7gofp6yppn3qz7"}
    assert_error(student_client.post(f"{MINE}{subscribed.pk}/cancel/"), 400, "This subscription is already cancelled.")
    # The period already paid for runs to its end.
    assert PlanGrant.objects.get(user=student_client.user).ends_at is not None


def test_a_gateway_that_cannot_cancel_leaves_the_subscription_active(subscribed, student_client, gateway_http):
    gateway_http.post(f"{PAYSTACK_API}/subscription/disable", status=503, json={})

    assert_error(student_client.post(f"{MINE}{subscribed.pk}/cancel/"), 502)
    subscribed.refresh_from_db()
    assert subscribed.status == "active"


def test_another_users_subscription_is_404(subscribed, admin_client, api_client):
    assert_error(admin_client.post(f"{MINE}{subscribed.pk}/cancel/"), 404)
    assert_error(api_client.post(f"{MINE}{subscribed.pk}/cancel/"), 401)
    assert admin_client.get(MINE).json() == []


def test_paystack_disabling_a_subscription_marks_it_cancelled(subscribed, api_client):
    body = paystack_body(
        "subscription.disable",
        subscription_code="SUB_vsyqdmlzble3uii",
        plan={"plan_code": "PLN_monthly"},
        customer={"email": subscribed.user.email},
    )

    assert post_paystack_webhook(api_client, body).status_code == 200
    subscribed.refresh_from_db()
    assert subscribed.status == "cancelled"


def test_a_plan_that_is_not_an_interval_is_a_one_off_purchase(student_client, paystack, gateway_http):
    _, init = paystack_plan_and_checkout(gateway_http)

    buy(student_client, PlanFactory(duration_days=45))

    assert "plan" not in json.loads(init.calls[0].request.body)
    assert not Subscription.objects.exists()


# --- Flutterwave ---------------------------------------------------------------------------------


def flutterwave_charge(tx_ref: str, email: str, payment_plan=5120) -> bytes:
    return json.dumps(
        {
            "event": "charge.completed",
            "data": {
                "id": 9000001,
                "tx_ref": tx_ref,
                "amount": 15000,
                "currency": "NGN",
                "status": "successful",
                "payment_plan": payment_plan,
                "customer": {"email": email},
            },
        }
    ).encode()


def post_flutterwave(client, body: bytes):
    return client.post(
        "/api/payments/webhook/flutterwave/",
        data=body,
        content_type="application/json",
        HTTP_VERIF_HASH=FLUTTERWAVE_HASH,
    )


def test_flutterwave_payment_plans_renew_once_and_cancel(
    student_client, api_client, flutterwave, gateway_http, django_capture_on_commit_callbacks
):
    plan = PlanFactory(duration_days=30)
    created = gateway_http.post(
        f"{FLUTTERWAVE_API}/v3/payment-plans", json={"status": "success", "data": {"id": 5120, "interval": "monthly"}}
    )
    init = gateway_http.post(
        f"{FLUTTERWAVE_API}/v3/payments",
        json={"status": "success", "data": {"link": "https://checkout.flutterwave.com/x"}},
    )
    transaction_id = buy(student_client, plan, method="flutterwave")
    assert json.loads(created.calls[0].request.body)["interval"] == "monthly"
    assert json.loads(init.calls[0].request.body)["payment_plan"] == "5120"
    mock_flutterwave_verify(gateway_http, transaction_id, amount=15000, currency="NGN")
    mock_flutterwave_verify(gateway_http, "flw-renewal-1", amount=15000, currency="NGN")
    email = student_client.user.email

    with django_capture_on_commit_callbacks(execute=True):
        post_flutterwave(api_client, flutterwave_charge(transaction_id, email))
        post_flutterwave(api_client, flutterwave_charge("flw-renewal-1", email))
        post_flutterwave(api_client, flutterwave_charge("flw-renewal-1", email))

    first, second = PlanGrant.objects.filter(user=student_client.user).order_by("starts_at")
    assert second.starts_at == first.ends_at
    subscription = Subscription.objects.get(user=student_client.user)
    assert subscription.status == "active"

    gateway_http.get(
        f"{FLUTTERWAVE_API}/v3/subscriptions",
        match=[responses.matchers.query_param_matcher({"email": email, "plan": "5120"})],
        json={"status": "success", "data": [{"id": 4147, "status": "active", "plan": 5120}]},
    )
    cancel = gateway_http.put(f"{FLUTTERWAVE_API}/v3/subscriptions/4147/cancel", json={"status": "success"})

    assert student_client.post(f"{MINE}{subscription.pk}/cancel/").status_code == 200
    assert len(cancel.calls) == 1


@pytest.mark.parametrize("rows", [1, 10])
def test_my_subscriptions_are_one_query_after_authentication(student_client, django_assert_num_queries, rows):
    for n in range(rows):
        gateway_plan = GatewayPlan.objects.create(
            plan=PlanFactory(), provider="paystack", currency="NGN", amount="15000.00", interval="monthly", code=f"P{n}"
        )
        Subscription.objects.create(
            user=student_client.user, gateway_plan=gateway_plan, provider="paystack", status="active"
        )
    Subscription.objects.create(user=student_client.user, gateway_plan=gateway_plan, provider="paystack")  # at checkout

    with django_assert_num_queries(2):
        response = student_client.get(MINE)

    assert len(response.json()) == rows


@pytest.mark.django_db(transaction=True)
def test_concurrent_deliveries_of_one_renewal_extend_access_once(paystack, gateway_http):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite serializes every write anyway")
    student = UserFactory()
    gateway_plan = GatewayPlan.objects.create(
        plan=PlanFactory(), provider="paystack", currency="NGN", amount="15000.00", interval="monthly", code="PLN_m"
    )
    Subscription.objects.create(user=student, gateway_plan=gateway_plan, provider="paystack", status="active")
    mock_paystack_verify(gateway_http, "T-concurrent", amount=NAIRA_KOBO, currency="NGN")
    raw_body = renewal_charge("T-concurrent", student.email, code="PLN_m")
    start = threading.Barrier(8)
    statuses: list[int] = []

    def deliver():
        try:
            start.wait()
            response = Client().post(
                "/api/payments/webhook/paystack/",
                data=raw_body,
                content_type="application/json",
                HTTP_X_PAYSTACK_SIGNATURE=paystack_signature(raw_body),
            )
            statuses.append(response.status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=deliver) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert statuses == [200] * 8
    assert Payment.objects.filter(user=student).count() == 1
    assert PlanGrant.objects.filter(user=student).count() == 1
