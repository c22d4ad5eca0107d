"""The gateways' side of the wire, as their docs show it: webhook bodies and signatures, verify
answers, and `responses` registrations for them. Only the HTTP boundary is faked, never our code."""

import base64
import hashlib
import hmac
import json
from datetime import timedelta

import responses
from django.utils import timezone

from payments.models import Payment

PAYSTACK_SECRET = "sk_test_paystack_0123456789abcdef"
FLUTTERWAVE_SECRET = "FLWSECK_TEST-0123456789abcdef-X"
FLUTTERWAVE_HASH = "flw-secret-hash-0123456789"
SANDBOX_SECRET = "sandbox-secret-for-tests"
PAYSTACK_API = "https://api.paystack.co"
FLUTTERWAVE_API = "https://api.flutterwave.com"
FRONTEND = "http://frontend.test"


def paystack_signature(raw_body: bytes, secret: str = PAYSTACK_SECRET) -> str:
    return hmac.new(secret.encode(), raw_body, hashlib.sha512).hexdigest()


def sandbox_signature(raw_body: bytes, secret: str = SANDBOX_SECRET) -> str:
    return hmac.new(secret.encode(), raw_body, hashlib.sha256).hexdigest()


def flutterwave_hmac_signature(raw_body: bytes, secret_hash: str = FLUTTERWAVE_HASH) -> str:
    return base64.b64encode(hmac.new(secret_hash.encode(), raw_body, hashlib.sha256).digest()).decode()


def paystack_event(reference: str, *, amount: int = 6000, currency: str = "USD", event="charge.success") -> bytes:
    return json.dumps(
        {
            "event": event,
            "data": {
                "id": 4099260516,
                "status": "success",
                "reference": reference,
                "amount": amount,
                "currency": currency,
                "gateway_response": "Successful",
            },
        }
    ).encode()


def flutterwave_event(reference: str, *, amount="60.00", currency: str = "USD") -> bytes:
    return json.dumps(
        {
            "event": "charge.completed",
            "data": {
                "id": 285959875,
                "tx_ref": reference,
                "flw_ref": "FLW-MOCK-123",
                "amount": amount,
                "currency": currency,
                "status": "successful",
            },
        }
    ).encode()


def paystack_verify_answer(reference: str, *, amount: int = 6000, currency: str = "USD", status: str = "success"):
    return {
        "status": True,
        "message": "Verification successful",
        "data": {
            "id": 4099260516,
            "domain": "test",
            "status": status,
            "reference": reference,
            "amount": amount,
            "gateway_response": "Successful" if status == "success" else "Declined",
            "paid_at": "2026-05-24T10:23:11.000Z",
            "created_at": "2026-05-24T10:22:45.000Z",
            "channel": "card",
            "currency": currency,
            "fees": 90,
            "customer": {"id": 92312441, "email": "customer@example.com"},
            "authorization": {
                "authorization_code": "AUTH_pmx3mgawyd",
                "bin": "408408",
                "last4": "4081",
                "exp_month": "12",
                "exp_year": "2030",
                "card_type": "visa",
                "reusable": True,
            },
        },
    }


def flutterwave_verify_answer(reference: str, *, amount=60, currency: str = "USD", status: str = "successful"):
    return {
        "status": "success",
        "message": "Transaction fetched successfully",
        "data": {
            "id": 4975363,
            "tx_ref": reference,
            "flw_ref": "0537565244201710840859363",
            "amount": amount,
            "currency": currency,
            "charged_amount": amount,
            "app_fee": 0.84,
            "processor_response": "Approved",
            "status": status,
            "payment_type": "card",
            "created_at": "2024-03-19T09:34:27.000Z",
            "card": {"first_6digits": "553188", "last_4digits": "2950", "expiry": "09/32", "token": "flw-t1nf-x"},
            "customer": {"id": 2374551, "email": "customer@example.com"},
        },
    }


def mock_paystack_verify(gateway_http, reference: str, **answer):
    return gateway_http.get(
        f"{PAYSTACK_API}/transaction/verify/{reference}", json=paystack_verify_answer(reference, **answer)
    )


def mock_flutterwave_verify(gateway_http, reference: str, **answer):
    return gateway_http.get(
        f"{FLUTTERWAVE_API}/v3/transactions/verify_by_reference",
        match=[responses.matchers.query_param_matcher({"tx_ref": reference})],
        json=flutterwave_verify_answer(reference, **answer),
    )


def post_paystack_webhook(client, raw_body: bytes, *, path="/api/payments/webhook/paystack/", signature=None):
    return client.post(
        path,
        data=raw_body,
        content_type="application/json",
        HTTP_X_PAYSTACK_SIGNATURE=paystack_signature(raw_body) if signature is None else signature,
    )


def make_stale(payment: Payment, *, minutes: int = 2) -> Payment:
    """As if the payment had started `minutes` ago (created_at is set on insert only)."""
    Payment.objects.filter(pk=payment.pk).update(created_at=timezone.now() - timedelta(minutes=minutes))
    payment.refresh_from_db()
    return payment
