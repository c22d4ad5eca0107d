"""The built-in sandbox: a simulated hosted checkout, so the whole flow runs on a machine with no keys.

It behaves like a real gateway from the school's side: `initialize` hands back a checkout URL (our
own page at `/api/payments/sandbox/checkout/{transaction_id}/`); the page records what the customer
decided as a `SandboxCharge`, the sandbox's "gateway-side" record; `verify` reads that record back,
never the webhook body; webhooks are signed with `x-sandbox-signature`, the hex HMAC-SHA256 of the
raw body keyed with `SANDBOX_WEBHOOK_SECRET`. It is off unless `PAYMENTS_SANDBOX_ENABLED` (default:
DEBUG), so it can never take "payments" in production.
"""

import hashlib
import hmac
import json
import uuid
from collections.abc import Mapping

from django.conf import settings
from django.core import signing
from django.urls import reverse

from payments.gateways.base import (
    ChargeStatus,
    Checkout,
    Gateway,
    VerifiedCharge,
    WebhookEvent,
    parse_event_body,
)
from payments.models import SandboxCharge

CHARGE_EVENT = "charge.completed"
_STATUSES = {SandboxCharge.Outcome.PAID: ChargeStatus.SUCCESS, SandboxCharge.Outcome.DECLINED: ChargeStatus.FAILED}


class SandboxGateway(Gateway):
    name = "sandbox"
    payment_events = frozenset({CHARGE_EVENT})
    signature_headers = ("x-sandbox-signature",)

    def is_configured(self) -> bool:
        return bool(settings.PAYMENTS_SANDBOX_ENABLED and settings.SANDBOX_WEBHOOK_SECRET)

    def initialize(
        self, *, payment, customer_email: str, callback_url: str, public_base_url: str, gateway_plan_code: str = ""
    ) -> Checkout:
        path = reverse("payments:sandbox-checkout", kwargs={"transaction_id": payment.transaction_id})
        return Checkout(redirect_url=f"{public_base_url}{path}")

    def verify(self, *, reference: str) -> VerifiedCharge:
        charge = SandboxCharge.objects.select_related("payment").filter(payment__transaction_id=reference).first()
        if charge is None:
            return VerifiedCharge(status=ChargeStatus.PENDING, message="No decision on the checkout page yet.")
        return VerifiedCharge(
            status=_STATUSES[charge.outcome],
            amount=charge.amount,
            currency=charge.currency,
            gateway_id=charge.gateway_id,
            payload=charge_payload(charge),
            message=charge.get_outcome_display(),
        )

    def verify_signature(self, *, raw_body: bytes, headers: Mapping[str, str]) -> bool:
        signature = headers.get("x-sandbox-signature", "")
        if not self.is_configured() or not signature:
            return False
        return hmac.compare_digest(sign(raw_body).encode(), signature.strip().lower().encode())

    def parse_webhook(self, *, raw_body: bytes) -> WebhookEvent:
        return parse_event_body(raw_body, reference_key="reference")


def new_gateway_id() -> str:
    return f"sbx_{uuid.uuid4().hex}"


def charge_payload(charge: SandboxCharge) -> dict:
    return {
        "id": charge.gateway_id,
        "reference": charge.payment.transaction_id,
        "status": charge.outcome,
        "amount": str(charge.amount),
        "currency": charge.currency,
        "created_at": charge.created_at.isoformat(),
    }


def webhook_body(charge: SandboxCharge) -> bytes:
    """The bytes the sandbox posts: the same envelope as Paystack's (`event` + `data.reference`)."""
    return json.dumps({"event": CHARGE_EVENT, "data": charge_payload(charge)}, separators=(",", ":")).encode()


def sign(raw_body: bytes) -> str:
    return hmac.new(settings.SANDBOX_WEBHOOK_SECRET.encode(), raw_body, hashlib.sha256).hexdigest()


# The checkout page's form carries a signed, timestamped token for its own transaction, so a POST
# can only come from a page this server rendered recently (the form is CSRF-exempt: no session).
_FORM_SALT = "payments.sandbox-checkout-form"
FORM_MAX_AGE_SECONDS = 3600


def checkout_form_token(transaction_id: str) -> str:
    return signing.dumps(transaction_id, salt=_FORM_SALT)


def checkout_form_token_valid(token: str, transaction_id: str) -> bool:
    try:
        return signing.loads(token, salt=_FORM_SALT, max_age=FORM_MAX_AGE_SECONDS) == transaction_id
    except signing.BadSignature:
        return False
