"""Paystack: https://paystack.com/docs/api/transaction/ and /docs/payments/webhooks/.

Amounts travel in the currency's lowest denomination (kobo, cents) as integers. Webhooks carry
`x-paystack-signature`: the hex HMAC-SHA512 of the raw body keyed with the secret key.
"""

import hashlib
import hmac
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
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

# Paystack's transaction statuses. Anything not listed ("abandoned", "ongoing", "pending",
# "processing", "queued") is not final: the customer may still complete the checkout.
_STATUSES = {"success": ChargeStatus.SUCCESS, "failed": ChargeStatus.FAILED, "reversed": ChargeStatus.FAILED}
# What we keep of a verify answer. Left out on purpose: `authorization` (a reusable charge code and
# card BIN/last4/expiry), `customer`, `log`, `metadata`.
_KEPT = (
    "id",
    "reference",
    "status",
    "amount",
    "currency",
    "gateway_response",
    "channel",
    "paid_at",
    "created_at",
    "fees",
)


def to_minor_units(amount: Decimal) -> int:
    """60.00 -> 6000. Exact: an amount with a fraction of a cent is a bug, not something to round."""
    minor = (amount * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    if minor != amount * 100:
        raise ValueError(f"{amount} has more than two decimal places")
    return int(minor)


def from_minor_units(value) -> Decimal:
    """6000 -> Decimal("60.00"). Paystack sends integers; anything else is an untrustworthy answer."""
    minor = decimal_from_json(value)
    if minor != minor.to_integral_value():
        raise GatewayUnavailable("fractional amount in minor units")
    return (minor / 100).quantize(Decimal("0.01"))


class PaystackGateway(Gateway):
    name = "paystack"
    payment_events = frozenset({"charge.success"})
    signature_headers = ("x-paystack-signature",)
    supports_recurring = True
    subscription_events = frozenset({"subscription.create", "subscription.disable", "subscription.not_renew"})

    def is_configured(self) -> bool:
        return bool(settings.PAYSTACK_SECRET_KEY)

    def initialize(
        self, *, payment, customer_email: str, callback_url: str, public_base_url: str, gateway_plan_code: str = ""
    ) -> Checkout:
        request = {
            "email": customer_email,
            "amount": to_minor_units(payment.amount),
            "currency": payment.currency,
            "reference": payment.transaction_id,
            "callback_url": callback_url,
            "metadata": {
                "payment_id": str(payment.id),
                "course_id": str(payment.course_id or ""),
                "plan_id": str(payment.plan_id or ""),
            },
        }
        if gateway_plan_code:
            # The charge also subscribes the customer: Paystack bills the plan's amount every interval.
            request["plan"] = gateway_plan_code
        status, body = call_json(
            "POST",
            f"{settings.PAYSTACK_BASE_URL}/transaction/initialize",
            secret=settings.PAYSTACK_SECRET_KEY,
            json_body=request,
        )
        data = body.get("data")
        url = data.get("authorization_url") if isinstance(data, dict) else None
        if status != 200 or body.get("status") is not True or not is_http_url(url):
            raise GatewayUnavailable(f"initialize refused (HTTP {status}): {gateway_message(body)}")
        return Checkout(redirect_url=url)

    def verify(self, *, reference: str) -> VerifiedCharge:
        status, body = call_json(
            "GET",
            f"{settings.PAYSTACK_BASE_URL}/transaction/verify/{quote(reference, safe='')}",
            secret=settings.PAYSTACK_SECRET_KEY,
        )
        if status in (400, 404):
            # "Transaction reference not found": the customer has not reached the checkout yet.
            return VerifiedCharge(status=ChargeStatus.PENDING, message=gateway_message(body))
        data = body.get("data")
        if status != 200 or body.get("status") is not True or not isinstance(data, dict):
            raise GatewayUnavailable(f"verify refused (HTTP {status}): {gateway_message(body)}")
        if data.get("reference") != reference:
            raise GatewayUnavailable("verify answered for another reference")
        charge_status = _STATUSES.get(data.get("status"), ChargeStatus.PENDING)
        currency = data.get("currency")
        if not isinstance(currency, str):
            raise GatewayUnavailable("verify answer without a currency")
        return VerifiedCharge(
            status=charge_status,
            amount=from_minor_units(data.get("amount")),
            currency=currency.upper(),
            gateway_id=str(data.get("id") or ""),
            payload=json_safe(data, _KEPT),
            message=str(data.get("gateway_response") or ""),
        )

    def verify_signature(self, *, raw_body: bytes, headers: Mapping[str, str]) -> bool:
        secret = settings.PAYSTACK_SECRET_KEY
        signature = headers.get("x-paystack-signature", "")
        if not secret or not signature:
            return False
        expected = hmac.new(secret.encode(), raw_body, hashlib.sha512).hexdigest()
        return hmac.compare_digest(expected.encode(), signature.strip().lower().encode())

    def parse_webhook(self, *, raw_body: bytes) -> WebhookEvent:
        return parse_event_body(raw_body, reference_key="reference", without_reference=self.subscription_events)

    def plan_create(self, *, name: str, amount: Decimal, currency: str, interval: str) -> str:
        """`POST /plan` (https://paystack.com/docs/api/plan/); answers `data.plan_code`."""
        status, body = call_json(
            "POST",
            f"{settings.PAYSTACK_BASE_URL}/plan",
            secret=settings.PAYSTACK_SECRET_KEY,
            json_body={"name": name, "interval": interval, "amount": to_minor_units(amount), "currency": currency},
        )
        data = body.get("data")
        code = data.get("plan_code") if isinstance(data, dict) else None
        if status not in (200, 201) or body.get("status") is not True or not isinstance(code, str) or not code:
            raise GatewayUnavailable(f"plan refused (HTTP {status}): {gateway_message(body)}")
        return code

    def subscription_cancel(self, *, code: str, token: str, customer_email: str, plan_code: str) -> None:
        """`POST /subscription/disable` with the subscription's code and email token."""
        status, body = call_json(
            "POST",
            f"{settings.PAYSTACK_BASE_URL}/subscription/disable",
            secret=settings.PAYSTACK_SECRET_KEY,
            json_body={"code": code, "token": token},
        )
        if status != 200 or body.get("status") is not True:
            raise GatewayUnavailable(f"disable refused (HTTP {status}): {gateway_message(body)}")
