"""What the school needs from a payment gateway, whatever its wire format.

A gateway starts a hosted checkout (`initialize`), says what really happened to a charge
(`verify`, the only source of truth for money), authenticates its webhooks over the raw body
(`verify_signature`) and names the charge a webhook is about (`parse_webhook`). Everything a
gateway returns is normalized here: amounts are `Decimal` in major units, never floats.
"""

from __future__ import annotations

import enum
import json
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from payments.models import Payment


class GatewayUnavailable(Exception):
    """The gateway could not be reached, or answered something we cannot trust.

    `reason` is safe to log: it never holds a secret, a header or card data.
    """

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class InvalidWebhook(Exception):
    """A correctly signed webhook whose body we cannot read."""


class ChargeStatus(enum.StrEnum):
    SUCCESS = "success"
    FAILED = "failed"
    # Not final yet (or unknown to the gateway so far): nothing may change on our side.
    PENDING = "pending"


@dataclass(frozen=True)
class Checkout:
    redirect_url: str


@dataclass(frozen=True)
class VerifiedCharge:
    """A gateway's verify answer, normalized. `payload` is what we keep for audits: whitelisted fields
    only (no card, authorization or token data), amounts as strings so it stores as JSON."""

    status: ChargeStatus
    amount: Decimal | None = None
    currency: str = ""
    gateway_id: str = ""
    payload: dict = field(default_factory=dict)
    message: str = ""


@dataclass(frozen=True)
class WebhookEvent:
    """What a signed webhook says: the event and our reference, and for recurring plans the
    gateway's plan and subscription codes, the customer's email and Paystack's `email_token`."""

    event: str
    reference: str
    plan_code: str = ""
    subscription_code: str = ""
    customer_email: str = ""
    token: str = ""


class Gateway(ABC):
    name: str
    # Webhook events that are about a payment; any other event is acknowledged and ignored.
    payment_events: frozenset[str]
    # Request headers (lower case) that carry this gateway's webhook signature.
    signature_headers: tuple[str, ...]
    # Whether the gateway renews a plan by itself (a Paystack plan, a Flutterwave payment plan).
    supports_recurring: bool = False
    # Webhook events about a subscription rather than a charge.
    subscription_events: frozenset[str] = frozenset()

    @abstractmethod
    def is_configured(self) -> bool:
        """Whether the keys this gateway needs are set (the sandbox: whether it is enabled)."""

    @abstractmethod
    def initialize(
        self,
        *,
        payment: Payment,
        customer_email: str,
        callback_url: str,
        public_base_url: str,
        gateway_plan_code: str = "",
    ) -> Checkout:
        """Start a hosted checkout for `payment`, referenced by its `transaction_id`; with
        `gateway_plan_code`, the charge also subscribes the customer to that gateway plan."""

    def plan_create(self, *, name: str, amount: Decimal, currency: str, interval: str) -> str:
        """Create a recurring plan at the gateway; returns its code. Only where `supports_recurring`."""
        raise NotImplementedError

    def subscription_cancel(self, *, code: str, token: str, customer_email: str, plan_code: str) -> None:
        """Stop a subscription's next renewals. Only where `supports_recurring`."""
        raise NotImplementedError

    @abstractmethod
    def verify(self, *, reference: str) -> VerifiedCharge:
        """Ask the gateway what happened to the charge with our `reference`."""

    @abstractmethod
    def verify_signature(self, *, raw_body: bytes, headers: Mapping[str, str]) -> bool:
        """Whether `raw_body` was signed by this gateway. `headers` have lower-case names."""

    @abstractmethod
    def parse_webhook(self, *, raw_body: bytes) -> WebhookEvent:
        """The event name and our reference, from a body whose signature was already checked."""


def json_safe(data: Mapping[str, Any], keys: Iterable[str]) -> dict:
    """The whitelisted `keys` of `data` with Decimals as strings, for storing a verify answer."""
    kept = {}
    for key in keys:
        if key in data:
            value = data[key]
            kept[key] = str(value) if isinstance(value, Decimal) else value
    return kept


def decimal_from_json(value: Any) -> Decimal:
    """A JSON number (parsed with `parse_float=Decimal`) or numeric string as an exact Decimal.

    Raises `GatewayUnavailable` for anything else (booleans, null, NaN): an amount we cannot read
    exactly is an answer we cannot trust.
    """
    if isinstance(value, bool) or not isinstance(value, int | Decimal | str):
        raise GatewayUnavailable("unreadable amount in answer")
    try:
        amount = Decimal(value)
    except ArithmeticError:
        raise GatewayUnavailable("unreadable amount in answer") from None
    if not amount.is_finite():
        raise GatewayUnavailable("unreadable amount in answer")
    return amount


def _text(value) -> str:
    """A code or id as text: a string as it is, an integer (Flutterwave's ids) as digits, else ""."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return ""
    return str(value)


def parse_event_body(raw_body: bytes, *, reference_key: str, without_reference: Iterable[str] = ()) -> WebhookEvent:
    """`{"event": ..., "data": {<reference_key>: ...}}`, the shape Paystack, Flutterwave v3 and the sandbox
    share. Events in `without_reference` (subscription events) may lack the reference. Recurring plans
    add `data.plan.plan_code` (Paystack) or `data.payment_plan` (Flutterwave), `data.customer.email`,
    and on Paystack's subscription events `data.subscription_code` and `data.email_token`."""
    try:
        body = json.loads(raw_body)
    except (ValueError, RecursionError):  # RecursionError: nested deeper than json can parse
        raise InvalidWebhook("body is not JSON") from None
    data = body.get("data") if isinstance(body, dict) else None
    event = body.get("event") if isinstance(body, dict) else None
    reference = data.get(reference_key) if isinstance(data, dict) else None
    if not isinstance(event, str) or not isinstance(data, dict):
        raise InvalidWebhook("no event or reference")
    if event not in without_reference and (not isinstance(reference, str) or not reference):
        raise InvalidWebhook("no event or reference")
    plan = data.get("plan")
    customer = data.get("customer")
    return WebhookEvent(
        event=event,
        reference=reference if isinstance(reference, str) else "",
        plan_code=_text(plan.get("plan_code")) if isinstance(plan, dict) else _text(data.get("payment_plan")),
        subscription_code=_text(data.get("subscription_code")),
        customer_email=_text(customer.get("email")) if isinstance(customer, dict) else "",
        token=_text(data.get("email_token")),
    )


def is_http_url(value) -> bool:
    return isinstance(value, str) and value.startswith(("https://", "http://"))


def gateway_message(body: dict) -> str:
    """The gateway's own message, shortened: safe to log (gateways do not echo keys or card data)."""
    return str(body.get("message") or "")[:200]
