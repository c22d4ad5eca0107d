"""Payment gateways behind one small interface (see `base.Gateway`), and how a request picks one."""

from collections.abc import Mapping

from django.conf import settings

from payments.gateways.base import (
    ChargeStatus,
    Checkout,
    Gateway,
    GatewayUnavailable,
    InvalidWebhook,
    VerifiedCharge,
    WebhookEvent,
)
from payments.gateways.flutterwave import FlutterwaveGateway
from payments.gateways.paystack import PaystackGateway
from payments.gateways.sandbox import SandboxGateway

__all__ = [
    "CARD_PAYMENT_METHOD",
    "PAYMENT_METHODS",
    "ChargeStatus",
    "Checkout",
    "Gateway",
    "GatewayUnavailable",
    "InvalidWebhook",
    "VerifiedCharge",
    "WebhookEvent",
    "gateway_for_payment_method",
    "gateway_for_webhook_headers",
    "gateway_named",
]

_GATEWAYS: dict[str, Gateway] = {g.name: g for g in (PaystackGateway(), FlutterwaveGateway(), SandboxGateway())}
# `credit_card` uses PAYMENT_CARD_PROVIDER, else the first configured of these: real gateways
# before the sandbox, so configuring a key is all it takes to take real payments.
_CARD_PREFERENCE = ("paystack", "flutterwave", "sandbox")
CARD_PAYMENT_METHOD = "credit_card"
PAYMENT_METHODS = (CARD_PAYMENT_METHOD, *_GATEWAYS)


def gateway_named(name: str) -> Gateway | None:
    return _GATEWAYS.get(name)


def gateway_for_payment_method(payment_method: str) -> Gateway | None:
    """The configured gateway a `payment_method` stands for, or None when it is not available."""
    if payment_method == CARD_PAYMENT_METHOD:
        if settings.PAYMENT_CARD_PROVIDER:
            gateway = _GATEWAYS.get(settings.PAYMENT_CARD_PROVIDER)
        else:
            gateway = next((_GATEWAYS[n] for n in _CARD_PREFERENCE if _GATEWAYS[n].is_configured()), None)
    else:
        gateway = _GATEWAYS.get(payment_method)
    return gateway if gateway is not None and gateway.is_configured() else None


def gateway_for_webhook_headers(headers: Mapping[str, str]) -> Gateway | None:
    """For the unprefixed webhook URL: the gateway whose signature header the request carries."""
    for gateway in _GATEWAYS.values():
        if any(headers.get(header) for header in gateway.signature_headers):
            return gateway
    return None
