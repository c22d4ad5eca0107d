import json

import pytest
import requests

from courses.models import Enrollment
from payments.models import Payment
from payments.tests.factories import PaymentFactory
from payments.tests.fakes import (
    FLUTTERWAVE_HASH,
    PAYSTACK_SECRET,
    flutterwave_event,
    flutterwave_hmac_signature,
    mock_flutterwave_verify,
    mock_paystack_verify,
    paystack_event,
    paystack_signature,
    post_paystack_webhook,
    sandbox_signature,
)

pytestmark = pytest.mark.django_db

ACK = {"message": "Webhook received."}
BAD_SIGNATURE = {"detail": "Invalid signature."}


def enrollments(payment):
    return Enrollment.objects.filter(user=payment.user, course=payment.course)


def assert_unchanged(payment):
    payment.refresh_from_db()
    assert payment.status == "pending"
    assert payment.gateway_payload == {}
    assert not enrollments(payment).exists()


# --- Paystack --------------------------------------------------------------------------------------


def test_a_signed_paystack_webhook_verified_by_the_api_enrolls_the_student(api_client, paystack, gateway_http):
    payment = PaymentFactory()
    verify = mock_paystack_verify(gateway_http, payment.transaction_id)

    response = post_paystack_webhook(api_client, paystack_event(payment.transaction_id))

    assert response.status_code == 200
    assert response.json() == ACK
    assert len(verify.calls) == 1
    assert verify.calls[0].request.headers["Authorization"] == f"Bearer {PAYSTACK_SECRET}"
    payment.refresh_from_db()
    assert payment.status == "success"
    assert payment.gateway_reference == "4099260516"
    enrollment = enrollments(payment).get()
    assert (enrollment.source, enrollment.payment_id) == ("payment", payment.id)


def test_the_unprefixed_webhook_url_routes_by_signature_header(api_client, paystack, gateway_http):
    payment = PaymentFactory()
    mock_paystack_verify(gateway_http, payment.transaction_id)

    response = post_paystack_webhook(api_client, paystack_event(payment.transaction_id), path="/api/payments/webhook/")

    assert response.status_code == 200
    payment.refresh_from_db()
    assert payment.status == "success"


def test_the_stored_verify_payload_keeps_no_card_or_authorization_data(api_client, paystack, gateway_http):
    payment = PaymentFactory()
    mock_paystack_verify(gateway_http, payment.transaction_id)

    post_paystack_webhook(api_client, paystack_event(payment.transaction_id))

    payment.refresh_from_db()
    assert payment.gateway_payload["amount"] == 6000
    assert payment.gateway_payload["reference"] == payment.transaction_id
    stored = json.dumps(payment.gateway_payload)
    assert "authorization" not in stored and "AUTH_" not in stored and "4081" not in stored


def test_the_webhook_body_is_not_trusted_the_verify_answer_is(api_client, paystack, gateway_http):
    payment = PaymentFactory()
    mock_paystack_verify(gateway_http, payment.transaction_id, status="failed")

    response = post_paystack_webhook(api_client, paystack_event(payment.transaction_id))

    assert response.status_code == 200
    payment.refresh_from_db()
    assert payment.status == "failed"
    assert payment.failure_reason.startswith("Declined by the gateway")
    assert not enrollments(payment).exists()


def test_a_charge_the_gateway_has_not_finished_leaves_the_payment_pending(api_client, paystack, gateway_http):
    payment = PaymentFactory()
    mock_paystack_verify(gateway_http, payment.transaction_id, status="abandoned")

    response = post_paystack_webhook(api_client, paystack_event(payment.transaction_id))

    assert response.status_code == 200
    assert_unchanged(payment)


@pytest.mark.parametrize(
    "signature",
    [
        pytest.param("", id="empty"),
        pytest.param("0" * 128, id="wrong"),
        pytest.param(paystack_signature(b"{}", secret="sk_test_someone_else"), id="other-key"),
        pytest.param("é" * 10, id="non-ascii"),
    ],
)
def test_a_bad_paystack_signature_is_401_and_changes_nothing(api_client, paystack, gateway_http, signature):
    payment = PaymentFactory()
    verify = mock_paystack_verify(gateway_http, payment.transaction_id)

    response = post_paystack_webhook(api_client, paystack_event(payment.transaction_id), signature=signature)

    assert response.status_code == 401
    assert response.json() == BAD_SIGNATURE
    assert len(verify.calls) == 0
    assert_unchanged(payment)


def test_a_signature_over_other_bytes_is_refused(api_client, paystack, gateway_http):
    payment = PaymentFactory()
    mock_paystack_verify(gateway_http, payment.transaction_id)
    signed = paystack_event(payment.transaction_id)
    tampered = signed.replace(b"6000", b"6001")

    response = post_paystack_webhook(api_client, tampered, signature=paystack_signature(signed))

    assert response.status_code == 401
    assert_unchanged(payment)


@pytest.mark.parametrize("path", ["/api/payments/webhook/paystack/", "/api/payments/webhook/"])
def test_a_webhook_without_any_signature_is_401(api_client, paystack, gateway_http, path):
    payment = PaymentFactory()

    response = api_client.post(path, data=paystack_event(payment.transaction_id), content_type="application/json")

    assert response.status_code == 401
    assert response.json() == BAD_SIGNATURE
    assert_unchanged(payment)


def test_a_paystack_webhook_is_refused_while_paystack_has_no_key(api_client, gateway_http):
    payment = PaymentFactory()

    response = post_paystack_webhook(api_client, paystack_event(payment.transaction_id), signature="")

    assert response.status_code == 401
    assert_unchanged(payment)


def test_a_verified_amount_below_the_price_fails_the_payment_and_enrolls_nobody(api_client, paystack, gateway_http):
    payment = PaymentFactory()
    # The webhook claims the full price; the verify API says 50.00 was paid.
    mock_paystack_verify(gateway_http, payment.transaction_id, amount=5000)

    response = post_paystack_webhook(api_client, paystack_event(payment.transaction_id))

    assert response.status_code == 200
    payment.refresh_from_db()
    assert payment.status == "failed"
    assert payment.failure_reason == "Amount mismatch: paid 50.00, expected 60.00."
    assert not enrollments(payment).exists()


def test_a_verified_charge_in_another_currency_fails_the_payment(api_client, paystack, gateway_http):
    payment = PaymentFactory()
    mock_paystack_verify(gateway_http, payment.transaction_id, amount=6000, currency="NGN")

    post_paystack_webhook(api_client, paystack_event(payment.transaction_id, currency="NGN"))

    payment.refresh_from_db()
    assert payment.status == "failed"
    assert payment.failure_reason == "Currency mismatch: paid NGN, expected USD."
    assert not enrollments(payment).exists()


def test_an_overpayment_still_enrolls(api_client, paystack, gateway_http):
    payment = PaymentFactory()
    mock_paystack_verify(gateway_http, payment.transaction_id, amount=7000)

    post_paystack_webhook(api_client, paystack_event(payment.transaction_id, amount=7000))

    payment.refresh_from_db()
    assert payment.status == "success"
    assert enrollments(payment).exists()


def test_the_same_webhook_twice_succeeds_once_and_enrolls_once(api_client, paystack, gateway_http):
    payment = PaymentFactory()
    verify = mock_paystack_verify(gateway_http, payment.transaction_id)
    raw_body = paystack_event(payment.transaction_id)

    first = post_paystack_webhook(api_client, raw_body)
    payment.refresh_from_db()
    settled_at = payment.updated_at
    second = post_paystack_webhook(api_client, raw_body)

    assert (first.status_code, second.status_code) == (200, 200)
    payment.refresh_from_db()
    assert payment.status == "success"
    assert payment.updated_at == settled_at
    assert enrollments(payment).count() == 1
    # A settled payment is not verified again.
    assert len(verify.calls) == 1


def test_a_failed_payment_never_turns_into_success(api_client, paystack, gateway_http):
    payment = PaymentFactory(status="failed", failure_reason="Declined by the gateway.")
    verify = mock_paystack_verify(gateway_http, payment.transaction_id)

    response = post_paystack_webhook(api_client, paystack_event(payment.transaction_id))

    assert response.status_code == 200
    payment.refresh_from_db()
    assert payment.status == "failed"
    assert not enrollments(payment).exists()
    assert len(verify.calls) == 0


def test_an_unknown_reference_is_acknowledged_and_logged(api_client, paystack, gateway_http, caplog):
    response = post_paystack_webhook(api_client, paystack_event("NCX-not-ours"))

    assert response.status_code == 200
    assert response.json() == ACK
    assert "unknown reference" in caplog.text
    assert len(gateway_http.calls) == 0


@pytest.mark.parametrize("reference", ["NCX-\x00evil", "x" * 65, "NCX-ok' OR 1=1"])
def test_a_reference_of_a_shape_we_never_issue_is_acknowledged_as_unknown(
    api_client, paystack, gateway_http, reference
):
    response = post_paystack_webhook(api_client, paystack_event(reference))

    assert response.status_code == 200
    assert response.json() == ACK
    assert len(gateway_http.calls) == 0


def test_a_paystack_webhook_cannot_settle_another_providers_payment(api_client, paystack, gateway_http):
    payment = PaymentFactory(provider="sandbox")

    response = post_paystack_webhook(api_client, paystack_event(payment.transaction_id))

    assert response.status_code == 200
    assert_unchanged(payment)


def test_events_that_are_not_about_a_payment_are_acknowledged_and_ignored(api_client, paystack, gateway_http):
    payment = PaymentFactory()

    response = post_paystack_webhook(api_client, paystack_event(payment.transaction_id, event="transfer.success"))

    assert response.status_code == 200
    assert_unchanged(payment)
    assert len(gateway_http.calls) == 0


@pytest.mark.parametrize("body", [b"not json at all", b"[" * 10_000 + b"]" * 10_000])
def test_a_signed_but_unreadable_body_is_400(api_client, paystack, gateway_http, body):
    response = post_paystack_webhook(api_client, body)

    assert response.status_code == 400
    assert response.json() == {"detail": "Invalid webhook payload."}


def test_when_verification_is_unavailable_the_gateway_is_told_to_retry(api_client, paystack, gateway_http):
    payment = PaymentFactory()
    gateway_http.get(
        f"https://api.paystack.co/transaction/verify/{payment.transaction_id}",
        body=requests.exceptions.ReadTimeout("read timed out"),
    )

    response = post_paystack_webhook(api_client, paystack_event(payment.transaction_id))

    assert response.status_code == 502
    assert response.json() == {"detail": "Payment gateway unavailable."}
    assert_unchanged(payment)


def test_a_verify_answer_about_another_reference_is_not_trusted(api_client, paystack, gateway_http):
    payment = PaymentFactory()
    gateway_http.get(
        f"https://api.paystack.co/transaction/verify/{payment.transaction_id}",
        json={"status": True, "data": {"status": "success", "reference": "someone-else", "amount": 6000}},
    )

    response = post_paystack_webhook(api_client, paystack_event(payment.transaction_id))

    assert response.status_code == 502
    assert_unchanged(payment)


def test_webhooks_ignore_a_stale_bearer_token(api_client, paystack, gateway_http):
    """No JWT authentication on webhooks: a gateway's stray Authorization header cannot turn it into a 401."""
    payment = PaymentFactory()
    mock_paystack_verify(gateway_http, payment.transaction_id)
    api_client.credentials(HTTP_AUTHORIZATION="Bearer not-a-jwt")

    response = post_paystack_webhook(api_client, paystack_event(payment.transaction_id))

    assert response.status_code == 200


def test_an_unknown_provider_in_the_url_is_404(api_client):
    response = api_client.post("/api/payments/webhook/stripe/", data=b"{}", content_type="application/json")

    assert response.status_code == 404


def test_secrets_never_reach_the_logs(api_client, paystack, gateway_http, caplog):
    payment = PaymentFactory()
    mock_paystack_verify(gateway_http, payment.transaction_id)
    raw_body = paystack_event(payment.transaction_id)

    with caplog.at_level("DEBUG"):
        post_paystack_webhook(api_client, raw_body, signature="0" * 128)
        post_paystack_webhook(api_client, raw_body)

    assert PAYSTACK_SECRET not in caplog.text
    assert paystack_signature(raw_body) not in caplog.text


# --- Flutterwave -----------------------------------------------------------------------------------


def post_flutterwave_webhook(client, raw_body, **headers):
    return client.post("/api/payments/webhook/flutterwave/", data=raw_body, content_type="application/json", **headers)


def test_a_flutterwave_webhook_with_the_secret_hash_enrolls_after_verification(api_client, flutterwave, gateway_http):
    payment = PaymentFactory(provider="flutterwave")
    verify = mock_flutterwave_verify(gateway_http, payment.transaction_id)

    response = post_flutterwave_webhook(
        api_client, flutterwave_event(payment.transaction_id), HTTP_VERIF_HASH=FLUTTERWAVE_HASH
    )

    assert response.status_code == 200
    assert len(verify.calls) == 1
    payment.refresh_from_db()
    assert payment.status == "success"
    assert payment.gateway_reference == "4975363"
    assert "card" not in payment.gateway_payload
    assert enrollments(payment).get().source == "payment"


@pytest.mark.parametrize("signature", ["hash", "hmac"])
def test_flutterwave_signature_header_is_accepted_in_both_forms(api_client, flutterwave, gateway_http, signature):
    payment = PaymentFactory(provider="flutterwave")
    mock_flutterwave_verify(gateway_http, payment.transaction_id)
    raw_body = flutterwave_event(payment.transaction_id)
    value = FLUTTERWAVE_HASH if signature == "hash" else flutterwave_hmac_signature(raw_body)

    response = api_client.post(
        "/api/payments/webhook/", data=raw_body, content_type="application/json", HTTP_FLUTTERWAVE_SIGNATURE=value
    )

    assert response.status_code == 200
    payment.refresh_from_db()
    assert payment.status == "success"


def test_a_wrong_flutterwave_hash_is_401(api_client, flutterwave, gateway_http):
    payment = PaymentFactory(provider="flutterwave")

    response = post_flutterwave_webhook(
        api_client, flutterwave_event(payment.transaction_id), HTTP_VERIF_HASH="guessed-hash"
    )

    assert response.status_code == 401
    assert_unchanged(payment)


def test_a_flutterwave_charge_verified_below_the_price_fails(api_client, flutterwave, gateway_http):
    payment = PaymentFactory(provider="flutterwave")
    mock_flutterwave_verify(gateway_http, payment.transaction_id, amount=59.99)

    post_flutterwave_webhook(api_client, flutterwave_event(payment.transaction_id), HTTP_VERIF_HASH=FLUTTERWAVE_HASH)

    payment.refresh_from_db()
    assert payment.status == "failed"
    assert payment.failure_reason == "Amount mismatch: paid 59.99, expected 60.00."
    assert not enrollments(payment).exists()


def test_flutterwave_not_knowing_the_reference_yet_leaves_it_pending(api_client, flutterwave, gateway_http):
    payment = PaymentFactory(provider="flutterwave")
    gateway_http.get(
        "https://api.flutterwave.com/v3/transactions/verify_by_reference",
        status=400,
        json={"status": "error", "message": "No transaction was found for this id", "data": None},
    )

    response = post_flutterwave_webhook(
        api_client, flutterwave_event(payment.transaction_id), HTTP_VERIF_HASH=FLUTTERWAVE_HASH
    )

    assert response.status_code == 200
    assert_unchanged(payment)


# --- Sandbox ---------------------------------------------------------------------------------------


def sandbox_claim(reference: str) -> bytes:
    return json.dumps({"event": "charge.completed", "data": {"reference": reference, "status": "paid"}}).encode()


def test_a_signed_sandbox_claim_the_checkout_never_recorded_changes_nothing(api_client):
    """Even correctly signed, the body only names the payment: the sandbox's verify step reads its own
    record of the checkout, and there is none."""
    payment = PaymentFactory(provider="sandbox")
    raw_body = sandbox_claim(payment.transaction_id)

    response = api_client.post(
        "/api/payments/webhook/sandbox/",
        data=raw_body,
        content_type="application/json",
        HTTP_X_SANDBOX_SIGNATURE=sandbox_signature(raw_body),
    )

    assert response.status_code == 200
    assert_unchanged(payment)


def test_sandbox_webhooks_are_refused_when_the_sandbox_is_disabled(api_client, settings):
    settings.PAYMENTS_SANDBOX_ENABLED = False
    payment = PaymentFactory(provider="sandbox")
    raw_body = sandbox_claim(payment.transaction_id)

    response = api_client.post(
        "/api/payments/webhook/",
        data=raw_body,
        content_type="application/json",
        HTTP_X_SANDBOX_SIGNATURE=sandbox_signature(raw_body),
    )

    assert response.status_code == 401
    assert_unchanged(payment)


def test_a_payment_status_never_leaves_pending_twice(api_client, paystack, gateway_http):
    """The database row is the guard: a success is recorded once even for a second, different answer."""
    payment = PaymentFactory()
    mock_paystack_verify(gateway_http, payment.transaction_id)
    post_paystack_webhook(api_client, paystack_event(payment.transaction_id))

    gateway_http.replace(
        "GET",
        f"https://api.paystack.co/transaction/verify/{payment.transaction_id}",
        json={"status": True, "data": {"status": "failed", "reference": payment.transaction_id, "amount": 6000}},
    )
    post_paystack_webhook(api_client, paystack_event(payment.transaction_id))

    assert Payment.objects.get(pk=payment.pk).status == "success"
