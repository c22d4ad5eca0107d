"""The sandbox gateway end to end through the HTTP API, as the frontend and a browser drive it."""

import re
from urllib.parse import urlencode, urlsplit

import pytest

from core.exceptions import ApplicationError
from courses.models import Enrollment
from courses.tests.factories import PaidCourseFactory
from payments import services
from payments.models import Payment, SandboxCharge
from payments.tests.factories import PaymentFactory
from payments.tests.fakes import FRONTEND, make_stale

pytestmark = pytest.mark.django_db


def start_sandbox_payment(client, course) -> tuple[str, str]:
    response = client.post("/api/payments/initiate/", {"course_id": str(course.id), "payment_method": "sandbox"})
    assert response.status_code == 200
    body = response.json()
    return body["transaction_id"], urlsplit(body["redirect_url"]).path


def open_checkout(client, path: str) -> str:
    """GET the checkout page as a browser would; returns the form's token."""
    page = client.get(path, HTTP_ACCEPT="text/html")
    assert page.status_code == 200
    assert page["Content-Type"].startswith("text/html")
    html = page.content.decode()
    assert ">Pay 60.00 USD</button>" in html and ">Decline</button>" in html
    return re.search(r'name="token" value="([^"]+)"', html).group(1)


def press(client, path: str, decision: str, token: str):
    return client.post(
        path, data=urlencode({"decision": decision, "token": token}), content_type="application/x-www-form-urlencoded"
    )


def test_pay_on_the_sandbox_checkout_enrolls_the_student(student_client, api_client):
    course = PaidCourseFactory()
    transaction_id, checkout_path = start_sandbox_payment(student_client, course)
    token = open_checkout(api_client, checkout_path)  # the browser carries no JWT

    response = press(api_client, checkout_path, "pay", token)

    assert response.status_code == 302
    assert response["Location"] == f"{FRONTEND}/payment-status?transaction_id={transaction_id}&status=success"
    status = student_client.get(f"/api/payments/status/{transaction_id}/").json()
    assert status["status"] == "success"
    assert status["enrollment_status"] == "enrolled"
    payment = Payment.objects.get(transaction_id=transaction_id)
    enrollment = Enrollment.objects.get(user=student_client.user, course=course)
    assert (enrollment.source, enrollment.payment_id) == ("payment", payment.id)
    charge = SandboxCharge.objects.get(payment=payment)
    assert charge.outcome == "paid"
    assert payment.gateway_reference == charge.gateway_id
    assert payment.gateway_payload["amount"] == "60.00"


def test_decline_on_the_sandbox_checkout_fails_the_payment(student_client, api_client):
    course = PaidCourseFactory()
    transaction_id, checkout_path = start_sandbox_payment(student_client, course)
    token = open_checkout(api_client, checkout_path)

    response = press(api_client, checkout_path, "decline", token)

    assert response.status_code == 302
    assert response["Location"] == f"{FRONTEND}/payment-status?transaction_id={transaction_id}&status=failed"
    status = student_client.get(f"/api/payments/status/{transaction_id}/").json()
    assert status["status"] == "failed"
    assert status["enrollment_status"] == "failed"
    assert not Enrollment.objects.filter(user=student_client.user, course=course).exists()


def test_the_first_button_pressed_wins(student_client, api_client):
    transaction_id, checkout_path = start_sandbox_payment(student_client, PaidCourseFactory())
    token = open_checkout(api_client, checkout_path)

    first = press(api_client, checkout_path, "pay", token)
    second = press(api_client, checkout_path, "decline", token)

    assert (first.status_code, second.status_code) == (302, 302)
    assert second["Location"] == first["Location"]
    assert Payment.objects.get(transaction_id=transaction_id).status == "success"
    assert SandboxCharge.objects.count() == 1
    assert Enrollment.objects.count() == 1


def test_a_payment_left_pending_returns_without_a_status_and_the_page_polls(student_client, api_client, monkeypatch):
    transaction_id, checkout_path = start_sandbox_payment(student_client, PaidCourseFactory())
    token = open_checkout(api_client, checkout_path)

    def refused(**kwargs):
        raise ApplicationError("Invalid signature.", status=401)

    monkeypatch.setattr(services, "webhook_receive", refused)
    response = press(api_client, checkout_path, "pay", token)

    assert response.status_code == 302
    assert response["Location"] == f"{FRONTEND}/payment-status?transaction_id={transaction_id}"
    assert Payment.objects.get(transaction_id=transaction_id).status == "pending"


def test_a_forged_form_token_changes_nothing(student_client, api_client):
    transaction_id, checkout_path = start_sandbox_payment(student_client, PaidCourseFactory())
    _, other_path = start_sandbox_payment(student_client, PaidCourseFactory())
    token_for_another_payment = open_checkout(api_client, other_path)

    for token in ["forged", token_for_another_payment]:
        response = press(api_client, checkout_path, "pay", token)
        assert response.status_code == 400
        assert response.json() == {"detail": "This checkout page has expired. Start the payment again."}

    assert Payment.objects.get(transaction_id=transaction_id).status == "pending"
    assert not SandboxCharge.objects.exists()


def test_an_unknown_decision_is_invalid_input(student_client, api_client):
    _, checkout_path = start_sandbox_payment(student_client, PaidCourseFactory())
    token = open_checkout(api_client, checkout_path)

    response = press(api_client, checkout_path, "maybe", token)

    assert response.status_code == 400
    assert "decision" in response.json()["errors"]


def test_the_checkout_page_escapes_the_course_title(student_client, api_client):
    _, checkout_path = start_sandbox_payment(student_client, PaidCourseFactory(title="<script>alert(1)</script>"))

    html = api_client.get(checkout_path).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_the_checkout_page_is_404_for_an_unknown_transaction(api_client):
    response = api_client.get("/api/payments/sandbox/checkout/NCX-unknown/")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_the_checkout_page_is_404_once_the_payment_is_settled(api_client):
    payment = PaymentFactory(provider="sandbox", status="success")

    assert api_client.get(f"/api/payments/sandbox/checkout/{payment.transaction_id}/").status_code == 404


def test_the_checkout_page_is_404_for_a_real_gateways_payment(api_client):
    payment = PaymentFactory(provider="paystack")

    assert api_client.get(f"/api/payments/sandbox/checkout/{payment.transaction_id}/").status_code == 404


def test_the_checkout_page_is_404_when_the_sandbox_is_disabled(student_client, api_client, settings):
    _, checkout_path = start_sandbox_payment(student_client, PaidCourseFactory())
    token = open_checkout(api_client, checkout_path)
    settings.PAYMENTS_SANDBOX_ENABLED = False

    assert api_client.get(checkout_path).status_code == 404
    press(api_client, checkout_path, "pay", token)
    assert not SandboxCharge.objects.exists()
    assert Payment.objects.get().status == "pending"


def test_a_lost_sandbox_webhook_is_covered_by_the_status_poll(student_client):
    """The customer pressed Pay (the sandbox gateway has the charge on record) but no webhook arrived:
    a minute on, the status poll re-verifies with the sandbox and settles the payment."""
    payment = make_stale(PaymentFactory(user=student_client.user, provider="sandbox"))
    SandboxCharge.objects.create(
        payment=payment, outcome="paid", amount=payment.amount, currency=payment.currency, gateway_id="sbx_lost"
    )

    status = student_client.get(f"/api/payments/status/{payment.transaction_id}/").json()

    assert (status["status"], status["enrollment_status"]) == ("success", "enrolled")
