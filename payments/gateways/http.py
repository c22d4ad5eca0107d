"""JSON over HTTPS to a gateway: timeouts, and one failure type for everything that goes wrong."""

import json
from decimal import Decimal
from typing import Any

import requests
from django.conf import settings

from payments.gateways.base import GatewayUnavailable


def call_json(
    method: str, url: str, *, secret: str, json_body: dict | None = None, params: dict | None = None
) -> tuple[int, dict[str, Any]]:
    """Send one authenticated request; return `(status code, JSON object)` for any answer below 500.

    Connection errors, timeouts, redirects, 5xx and bodies that are not a JSON object raise
    `GatewayUnavailable`. JSON numbers with a fraction are parsed as `Decimal`, so an amount is never
    a float. The secret travels in the Authorization header only and is never part of an error.
    """
    try:
        response = requests.request(
            method,
            url,
            json=json_body,
            params=params,
            headers={"Authorization": f"Bearer {secret}", "Accept": "application/json"},
            timeout=settings.PAYMENT_GATEWAY_TIMEOUT,
            allow_redirects=False,
        )
    except requests.Timeout:
        raise GatewayUnavailable("timeout") from None
    except requests.RequestException as exc:
        raise GatewayUnavailable(f"connection error ({type(exc).__name__})") from None
    if response.status_code >= 500 or 300 <= response.status_code < 400:
        raise GatewayUnavailable(f"HTTP {response.status_code}")
    try:
        body = json.loads(response.content, parse_float=Decimal)
    except (ValueError, RecursionError):  # RecursionError: nested deeper than json can parse
        raise GatewayUnavailable(f"non-JSON answer (HTTP {response.status_code})") from None
    if not isinstance(body, dict):
        raise GatewayUnavailable(f"unexpected answer (HTTP {response.status_code})")
    if response.status_code in (401, 403):
        # Our keys were refused: a configuration problem, not the customer's.
        raise GatewayUnavailable(f"credentials refused (HTTP {response.status_code})")
    return response.status_code, body
