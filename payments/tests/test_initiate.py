import json
from decimal import Decimal

import pytest
import requests
import responses
from django.db import connection

from courses.tests.factories import CourseFactory, EnrollmentFactory, PaidCourseFactory
from payments.models import Payment
from payments.serializers import CARD_DETAILS_REFUSED
from payments.tests.fakes import FLUTTERWAVE_API, FLUTTERWAVE_SECRET, FRONTEND, PAYSTACK_API, PAYSTACK_SECRET

pytestmark = pytest.mark.django_db

URL = "/api/payments/initiate/"
PAYSTACK_INIT = f"{PAYSTACK_API}/transaction/initialize"
FLUTTERWAVE_INIT = f"{FLUTTERWAVE_API}/v3/payments"
PAYSTACK_CHECKOUT = "https://checkout.paystack.com/0peioxfhpn"
FLUTTERWAVE_CHECKOUT = "https://checkout.flutterwave.com/v3/hosted/pay/f524c1196ffda5556341"


def paystack_init_ok(gateway_http):
    return gateway_http.post(
        PAYSTACK_INIT,
        json={
            "status": True,
            "message": "Authorization URL created",
            "data": {"authorization_url": PAYSTACK_CHECKOUT, "access_code": "0peioxfhpn", "reference": "x"},
        },
    )


def flutterwave_init_ok(gateway_http):
    return gateway_http.post(
        FLUTTERWAVE_INIT, json={"status": "success", "message": "Hosted Link", "data": {"link": FLUTTERWAVE_CHECKOUT}}
    )


def sent_json(call) -> dict:
    return json.loads(call.request.body)


@pytest.mark.parametrize(("price", "kobo"), [("60.00", 6000), ("19.99", 1999), ("1234.57", 123457), ("0.10", 10)])
def test_paystack_gets_the_course_price_in_kobo_and_our_reference(student_client, paystack, gateway_http, price, kobo):
    course = PaidCourseFactory(price=Decimal(price))
    init = paystack_init_ok(gateway_http)

    response = student_client.post(URL, {"course_id": str(course.id), "payment_method": "paystack"})

    assert response.status_code == 200
    body = response.json()
    assert body == {
        "message": "Payment initiation successful.",
        "transaction_id": body["transaction_id"],
        "redirect_url": PAYSTACK_CHECKOUT,
    }
    sent = sent_json(init.calls[0])
    assert sent["amount"] == kobo and isinstance(sent["amount"], int)
    assert sent["reference"] == body["transaction_id"]
    assert sent["email"] == student_client.user.email
    assert sent["currency"] == "USD"
    assert sent["callback_url"] == f"{FRONTEND}/payment-status?transaction_id={body['transaction_id']}"
    assert init.calls[0].request.headers["Authorization"] == f"Bearer {PAYSTACK_SECRET}"
    assert init.calls[0].request.req_kwargs["timeout"] == 2.0  # PAYMENT_GATEWAY_TIMEOUT
    payment = Payment.objects.get(transaction_id=body["transaction_id"])
    assert (payment.status, payment.provider, payment.amount, payment.currency) == (
        "pending",
        "paystack",
        Decimal(price),
        "USD",
    )
    assert payment.user == student_client.user and payment.course == course


def test_flutterwave_gets_major_units_and_answers_its_hosted_link(student_client, flutterwave, gateway_http):
    course = PaidCourseFactory()
    init = flutterwave_init_ok(gateway_http)

    response = student_client.post(URL, {"course_id": str(course.id), "payment_method": "flutterwave"})

    assert response.status_code == 200
    assert response.json()["redirect_url"] == FLUTTERWAVE_CHECKOUT
    sent = sent_json(init.calls[0])
    transaction_id = response.json()["transaction_id"]
    assert sent["tx_ref"] == transaction_id
    assert Decimal(sent["amount"]) == Decimal("60.00")
    assert sent["currency"] == "USD"
    assert sent["customer"]["email"] == student_client.user.email
    assert sent["redirect_url"] == f"{FRONTEND}/payment-status?transaction_id={transaction_id}"
    assert init.calls[0].request.headers["Authorization"] == f"Bearer {FLUTTERWAVE_SECRET}"
    assert Payment.objects.get(transaction_id=transaction_id).provider == "flutterwave"


def test_sandbox_checkout_is_our_own_page(student_client, gateway_http):
    course = PaidCourseFactory()

    response = student_client.post(URL, {"course_id": str(course.id), "payment_method": "sandbox"})

    assert response.status_code == 200
    transaction_id = response.json()["transaction_id"]
    assert response.json()["redirect_url"] == f"http://testserver/api/payments/sandbox/checkout/{transaction_id}/"
    assert Payment.objects.get(transaction_id=transaction_id).provider == "sandbox"
    assert len(gateway_http.calls) == 0


def test_sandbox_checkout_url_uses_the_public_base_url_when_set(student_client, settings):
    settings.PUBLIC_BASE_URL = "https://api.school.example"
    course = PaidCourseFactory()

    response = student_client.post(URL, {"course_id": str(course.id), "payment_method": "sandbox"})

    transaction_id = response.json()["transaction_id"]
    assert response.json()["redirect_url"] == (
        f"https://api.school.example/api/payments/sandbox/checkout/{transaction_id}/"
    )


def test_credit_card_uses_the_sandbox_on_a_machine_without_keys(student_client):
    response = student_client.post(URL, {"course_id": str(PaidCourseFactory().id), "payment_method": "credit_card"})

    assert response.status_code == 200
    assert Payment.objects.get().provider == "sandbox"


def test_credit_card_prefers_a_configured_real_gateway(student_client, paystack, flutterwave, gateway_http):
    paystack_init_ok(gateway_http)

    response = student_client.post(URL, {"course_id": str(PaidCourseFactory().id), "payment_method": "credit_card"})

    assert response.status_code == 200
    assert Payment.objects.get().provider == "paystack"


def test_credit_card_follows_payment_card_provider(student_client, settings, paystack, flutterwave, gateway_http):
    settings.PAYMENT_CARD_PROVIDER = "flutterwave"
    flutterwave_init_ok(gateway_http)

    response = student_client.post(URL, {"course_id": str(PaidCourseFactory().id), "payment_method": "credit_card"})

    assert response.status_code == 200
    assert Payment.objects.get().provider == "flutterwave"


@pytest.mark.parametrize("method", ["paystack", "flutterwave"])
def test_a_gateway_without_keys_is_not_available(student_client, method):
    response = student_client.post(URL, {"course_id": str(PaidCourseFactory().id), "payment_method": method})

    assert response.status_code == 400
    assert response.json() == {"detail": "Payment method not available."}
    assert not Payment.objects.exists()


def test_flutterwave_without_its_webhook_hash_is_not_available(student_client, settings):
    settings.FLUTTERWAVE_SECRET_KEY = FLUTTERWAVE_SECRET

    response = student_client.post(URL, {"course_id": str(PaidCourseFactory().id), "payment_method": "flutterwave"})

    assert response.json() == {"detail": "Payment method not available."}


@pytest.mark.parametrize("method", ["sandbox", "credit_card"])
def test_the_sandbox_is_not_available_when_disabled(student_client, settings, method):
    settings.PAYMENTS_SANDBOX_ENABLED = False

    response = student_client.post(URL, {"course_id": str(PaidCourseFactory().id), "payment_method": method})

    assert response.status_code == 400
    assert response.json() == {"detail": "Payment method not available."}


def test_card_provider_set_to_an_unconfigured_gateway_is_not_available(student_client, settings):
    settings.PAYMENT_CARD_PROVIDER = "paystack"

    response = student_client.post(URL, {"course_id": str(PaidCourseFactory().id), "payment_method": "credit_card"})

    assert response.json() == {"detail": "Payment method not available."}


def test_an_unknown_payment_method_is_invalid_input(student_client):
    response = student_client.post(URL, {"course_id": str(PaidCourseFactory().id), "payment_method": "bitcoin"})

    assert response.status_code == 400
    assert response.json()["detail"] == "Invalid input data."
    assert "payment_method" in response.json()["errors"]


@pytest.mark.parametrize("amount", ["59.99", "61", "0", "60.001", 6000])
def test_an_amount_other_than_the_price_is_refused(student_client, amount):
    course = PaidCourseFactory()

    response = student_client.post(
        URL, {"course_id": str(course.id), "payment_method": "sandbox", "amount": amount}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"detail": "Amount does not match the course price."}
    assert not Payment.objects.exists()


@pytest.mark.parametrize("amount", [60, 60.0, "60", "60.00", "60.000"])
def test_the_price_in_any_notation_is_accepted(student_client, amount):
    course = PaidCourseFactory()

    response = student_client.post(
        URL, {"course_id": str(course.id), "payment_method": "sandbox", "amount": amount, "currency": "USD"}
    )

    assert response.status_code == 200
    assert Payment.objects.get().amount == Decimal("60.00")


def test_a_currency_other_than_the_courses_is_refused(student_client):
    course = PaidCourseFactory()

    response = student_client.post(
        URL, {"course_id": str(course.id), "payment_method": "sandbox", "amount": 60, "currency": "NGN"}
    )

    assert response.status_code == 400
    assert response.json() == {"detail": "Currency does not match the course currency."}
    assert not Payment.objects.exists()


def test_currency_is_compared_case_insensitively(student_client):
    response = student_client.post(
        URL, {"course_id": str(PaidCourseFactory().id), "payment_method": "sandbox", "currency": "usd"}
    )

    assert response.status_code == 200


def test_card_details_are_refused_never_stored_nor_logged(student_client, caplog, gateway_http):
    course = PaidCourseFactory()
    card = {"cardNumber": "4084084084084081", "expiryDate": "12/30", "cvv": "408"}

    with caplog.at_level("DEBUG"):
        response = student_client.post(
            URL,
            {"course_id": str(course.id), "payment_method": "credit_card", "amount": 60, "card_details": card},
        )

    assert response.status_code == 400
    assert response.json()["detail"] == CARD_DETAILS_REFUSED
    assert "4084084084084081" not in response.content.decode()
    assert "4084084084084081" not in caplog.text and "408" not in response.content.decode()
    assert not Payment.objects.exists()
    assert len(gateway_http.calls) == 0


def test_card_details_are_refused_even_when_other_fields_are_wrong(student_client):
    response = student_client.post(URL, {"card_details": {"cardNumber": "4084084084084081"}})

    assert response.status_code == 400
    assert response.json()["detail"] == CARD_DETAILS_REFUSED


def test_a_free_course_takes_no_payment(student_client):
    response = student_client.post(URL, {"course_id": str(CourseFactory().id), "payment_method": "sandbox"})

    assert response.status_code == 400
    assert response.json() == {"detail": "This course is free: enroll without a payment."}
    assert not Payment.objects.exists()


def test_an_enrolled_student_cannot_pay_again(student_client):
    course = PaidCourseFactory()
    EnrollmentFactory(user=student_client.user, course=course, source="admin")

    response = student_client.post(URL, {"course_id": str(course.id), "payment_method": "sandbox"})

    assert response.status_code == 400
    assert response.json() == {"detail": "You are already enrolled in this course."}
    assert not Payment.objects.exists()


@pytest.mark.parametrize("published", [True, False])
def test_an_unknown_or_unpublished_course_is_not_found(student_client, published):
    course_id = PaidCourseFactory(is_published=False).id if not published else "8b0f0b4e-3c1a-4a5e-9a55-0c1c2d3e4f50"

    response = student_client.post(URL, {"course_id": str(course_id), "payment_method": "sandbox"})

    assert response.status_code == 404
    assert response.json() == {"detail": "Course not found."}


def test_initiating_needs_a_login(api_client):
    response = api_client.post(URL, {"course_id": str(PaidCourseFactory().id), "payment_method": "sandbox"})

    assert response.status_code == 401


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param({"body": requests.exceptions.ReadTimeout("read timed out")}, id="timeout"),
        pytest.param({"body": requests.exceptions.ConnectionError("refused")}, id="connection-error"),
        pytest.param({"status": 500, "json": {"status": False, "message": "Server error"}}, id="http-500"),
        pytest.param({"status": 503, "body": "<html>Bad gateway</html>"}, id="http-503-html"),
        pytest.param({"status": 200, "body": "<html>not json</html>"}, id="garbage"),
        pytest.param({"status": 200, "body": "[" * 10_000 + "]" * 10_000}, id="json-nested-too-deep"),
        pytest.param({"status": 200, "json": {"status": True, "data": {}}}, id="no-checkout-url"),
        pytest.param({"status": 200, "json": ["not", "an", "object"]}, id="wrong-shape"),
        pytest.param({"status": 400, "json": {"status": False, "message": "Invalid currency"}}, id="refused"),
        pytest.param({"status": 401, "json": {"status": False, "message": "Invalid key"}}, id="bad-key"),
    ],
)
def test_a_failing_gateway_is_a_502_and_a_failed_payment(student_client, paystack, gateway_http, caplog, answer):
    gateway_http.add(responses.POST, PAYSTACK_INIT, **answer)

    response = student_client.post(URL, {"course_id": str(PaidCourseFactory().id), "payment_method": "paystack"})

    assert response.status_code == 502
    assert response.json() == {"detail": "Payment gateway unavailable."}
    payment = Payment.objects.get()
    assert payment.status == "failed"
    assert payment.failure_reason.startswith("Gateway unavailable at checkout")
    assert PAYSTACK_SECRET not in caplog.text


def test_a_failing_flutterwave_is_a_502_and_a_failed_payment(student_client, flutterwave, gateway_http):
    gateway_http.post(FLUTTERWAVE_INIT, body=requests.exceptions.ConnectTimeout("timed out"))

    response = student_client.post(URL, {"course_id": str(PaidCourseFactory().id), "payment_method": "flutterwave"})

    assert response.status_code == 502
    assert response.json() == {"detail": "Payment gateway unavailable."}
    assert Payment.objects.get().status == "failed"


def test_gateway_calls_use_the_configured_base_url(student_client, settings, paystack, gateway_http):
    settings.PAYSTACK_BASE_URL = "http://paystack-stub.internal:9000"
    stub = gateway_http.post(
        "http://paystack-stub.internal:9000/transaction/initialize",
        json={"status": True, "data": {"authorization_url": "http://paystack-stub.internal:9000/pay/1"}},
    )

    response = student_client.post(URL, {"course_id": str(PaidCourseFactory().id), "payment_method": "paystack"})

    assert response.status_code == 200
    assert len(stub.calls) == 1


def test_initiating_in_a_loop_is_throttled(student_client):
    course = PaidCourseFactory()

    codes = [
        student_client.post(URL, {"course_id": str(course.id), "payment_method": "sandbox"}).status_code
        for _ in range(21)
    ]

    assert codes[:20] == [200] * 20
    assert codes[20] == 429


@pytest.mark.django_db(transaction=True)
def test_the_pending_payment_is_committed_before_the_gateway_is_called(student_client, paystack, gateway_http):
    """A crash during the gateway call must leave a traceable pending row, and no lock may be held
    while a slow gateway answers."""
    seen = {}

    def gateway_answers(request):
        seen["in_transaction"] = connection.in_atomic_block
        seen["rows"] = list(Payment.objects.values_list("transaction_id", "status"))
        answer = {"status": True, "data": {"authorization_url": PAYSTACK_CHECKOUT}}
        return 200, {}, json.dumps(answer)

    gateway_http.add_callback(responses.POST, PAYSTACK_INIT, callback=gateway_answers)

    response = student_client.post(URL, {"course_id": str(PaidCourseFactory().id), "payment_method": "paystack"})

    assert response.status_code == 200
    assert seen["in_transaction"] is False
    assert seen["rows"] == [(response.json()["transaction_id"], "pending")]
