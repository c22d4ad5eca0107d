"""Flutterwave v3: https://developer.flutterwave.com/docs/flutterwave-standard and /docs/webhooks.

Amounts travel in major units. Hosted checkout: `POST /v3/payments` answers `data.link`;
verification by our reference: `GET /v3/transactions/verify_by_reference?tx_ref=...`. Webhooks
carry `verif-hash`, the secret hash configured on the dashboard, compared in constant time;
`flutterwave-signature` is accepted too, either as that same hash or as Flutterwave's newer form,
the base64 HMAC-SHA256 of the raw body keyed with the secret hash.
"""

import base64
import hashlib
import hmac
from collections.abc import Mapping
from decimal import Decimal
from urllib.parse import quote

from django.conf import settings

from payments.gateways.base import (
    ChargeStatus,
    Checkout,
    Gateway,
    GatewayUnavailable,
    VerifiedCharge,
    WebhookEvent,
    decimal_from_json,
    gateway_message,
    is_http_url,
    json_safe,
    parse_event_body,
)
from payments.gateways.http import call_json

# Our billing intervals (`payments.subscriptions.BILLING_INTERVALS`) in Flutterwave's words.
_INTERVALS = {
    "daily": "daily",
    "weekly": "weekly",
    "monthly": "monthly",
    "quarterly": "quarterly",
    "biannually": "bi-annually",
    "annually": "yearly",
}
_STATUSES = {"successful": ChargeStatus.SUCCESS, "failed": ChargeStatus.FAILED, "cancelled": ChargeStatus.FAILED}
# Left out on purpose: `card` (first 6 / last 4 digits, expiry and a reusable token), `customer`, `meta`.
_KEPT = (
    "id",
    "tx_ref",
    "flw_ref",
    "status",
    "amount",
    "charged_amount",
    "currency",
    "processor_response",
    "payment_type",
    "created_at",
    "app_fee",
)


class FlutterwaveGateway(Gateway):
    name = "flutterwave"
    payment_events = frozenset({"charge.completed"})
    signature_headers = ("verif-hash", "flutterwave-signature")
    supports_recurring = True
    subscription_events = frozenset({"subscription.cancelled"})

    def is_configured(self) -> bool:
        # Without the secret hash no webhook could ever be trusted, so both are required.
        return bool(settings.FLUTTERWAVE_SECRET_KEY and settings.FLUTTERWAVE_SECRET_HASH)

    def initialize(
        self, *, payment, customer_email: str, callback_url: str, public_base_url: str, gateway_plan_code: str = ""
    ) -> Checkout:
        request = {
            "tx_ref": payment.transaction_id,
            # A decimal string keeps the amount exact on the wire.
            "amount": str(payment.amount),
            "currency": payment.currency,
            "redirect_url": callback_url,
            "customer": {"email": customer_email},
            "customizations": {"title": "NCLEX Virtual School"},
            "meta": {
                "payment_id": str(payment.id),
                "course_id": str(payment.course_id or ""),
                "plan_id": str(payment.plan_id or ""),
            },
        }
        if gateway_plan_code:
            # Subscribes the customer (by email) to the payment plan; Flutterwave charges each interval.
            request["payment_plan"] = gateway_plan_code
        status, body = call_json(
            "POST",
            f"{settings.FLUTTERWAVE_BASE_URL}/v3/payments",
            secret=settings.FLUTTERWAVE_SECRET_KEY,
            json_body=request,
        )
        data = body.get("data")
        link = data.get("link") if isinstance(data, dict) else None
        if status != 200 or body.get("status") != "success" or not is_http_url(link):
            raise GatewayUnavailable(f"initialize refused (HTTP {status}): {gateway_message(body)}")
        return Checkout(redirect_url=link)

    def verify(self, *, reference: str) -> VerifiedCharge:
        status, body = call_json(
            "GET",
            f"{settings.FLUTTERWAVE_BASE_URL}/v3/transactions/verify_by_reference",
            secret=settings.FLUTTERWAVE_SECRET_KEY,
            params={"tx_ref": reference},
        )
        if status in (400, 404):
            # "No transaction was found for this id": the customer has not paid (yet).
            return VerifiedCharge(status=ChargeStatus.PENDING, message=gateway_message(body))
        data = body.get("data")
        if status != 200 or body.get("status") != "success" or not isinstance(data, dict):
            raise GatewayUnavailable(f"verify refused (HTTP {status}): {gateway_message(body)}")
        if data.get("tx_ref") != reference:
            raise GatewayUnavailable("verify answered for another reference")
        currency = data.get("currency")
        if not isinstance(currency, str):
            raise GatewayUnavailable("verify answer without a currency")
        return VerifiedCharge(
            status=_STATUSES.get(data.get("status"), ChargeStatus.PENDING),
            amount=decimal_from_json(data.get("amount")),
            currency=currency.upper(),
            gateway_id=str(data.get("id") or ""),
            payload=json_safe(data, _KEPT),
            message=str(data.get("processor_response") or ""),
        )

    def verify_signature(self, *, raw_body: bytes, headers: Mapping[str, str]) -> bool:
        secret_hash = settings.FLUTTERWAVE_SECRET_HASH
        if not secret_hash:
            return False
        expected = secret_hash.encode()
        verif_hash = headers.get("verif-hash", "")
        if verif_hash:
            return hmac.compare_digest(expected, verif_hash.encode())
        signature = headers.get("flutterwave-signature", "")
        if not signature:
            return False
        signed = base64.b64encode(hmac.new(expected, raw_body, hashlib.sha256).digest())
        # Both comparisons always run, so timing does not tell which form was expected.
        as_hash = hmac.compare_digest(expected, signature.encode())
        as_hmac = hmac.compare_digest(signed, signature.encode())
        return as_hash or as_hmac

    def parse_webhook(self, *, raw_body: bytes) -> WebhookEvent:
        return parse_event_body(raw_body, reference_key="tx_ref", without_reference=self.subscription_events)

    def plan_create(self, *, name: str, amount: Decimal, currency: str, interval: str) -> str:
        """`POST /v3/payment-plans`; answers the plan's numeric `data.id`."""
        status, body = call_json(
            "POST",
            f"{settings.FLUTTERWAVE_BASE_URL}/v3/payment-plans",
            secret=settings.FLUTTERWAVE_SECRET_KEY,
            json_body={"name": name, "amount": str(amount), "currency": currency, "interval": _INTERVALS[interval]},
        )
        data = body.get("data")
        plan_id = data.get("id") if isinstance(data, dict) else None
        if status != 200 or body.get("status") != "success" or isinstance(plan_id, bool) or not plan_id:
            raise GatewayUnavailable(f"payment plan refused (HTTP {status}): {gateway_message(body)}")
        return str(plan_id)

    def subscription_cancel(self, *, code: str, token: str, customer_email: str, plan_code: str) -> None:
        """Find the customer's subscription to the payment plan (`GET /v3/subscriptions?email=&plan=`),
        unless its id is known, and `PUT /v3/subscriptions/{id}/cancel` it."""
        if not code:
            status, body = call_json(
                "GET",
                f"{settings.FLUTTERWAVE_BASE_URL}/v3/subscriptions",
                secret=settings.FLUTTERWAVE_SECRET_KEY,
                params={"email": customer_email, "plan": plan_code},
            )
            found = body.get("data")
            if status != 200 or not isinstance(found, list):
                raise GatewayUnavailable(f"subscriptions refused (HTTP {status}): {gateway_message(body)}")
            active = [s for s in found if isinstance(s, dict) and s.get("status") == "active" and s.get("id")]
            if not active:
                return  # nothing left to renew at the gateway
            code = str(active[0]["id"])
        status, body = call_json(
            "PUT",
            f"{settings.FLUTTERWAVE_BASE_URL}/v3/subscriptions/{quote(code, safe='')}/cancel",
            secret=settings.FLUTTERWAVE_SECRET_KEY,
        )
        if status != 200 or body.get("status") != "success":
            raise GatewayUnavailable(f"cancel refused (HTTP {status}): {gateway_message(body)}")
