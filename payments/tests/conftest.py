"""Payments test kit: gateways are faked only at the HTTP boundary (`responses`); our code and the
database are always real."""

import pytest
import responses

from payments.tests.fakes import (
    FLUTTERWAVE_API,
    FLUTTERWAVE_HASH,
    FLUTTERWAVE_SECRET,
    FRONTEND,
    PAYSTACK_API,
    PAYSTACK_SECRET,
    SANDBOX_SECRET,
)


@pytest.fixture(autouse=True)
def _no_gateway_keys(settings):
    """Every payments test starts like a fresh machine: no gateway keys, the sandbox on. A test turns
    on the gateways it needs, so a developer's own .env never leaks in."""
    settings.PAYSTACK_SECRET_KEY = ""
    settings.PAYSTACK_BASE_URL = PAYSTACK_API
    settings.FLUTTERWAVE_SECRET_KEY = ""
    settings.FLUTTERWAVE_SECRET_HASH = ""
    settings.FLUTTERWAVE_BASE_URL = FLUTTERWAVE_API
    settings.PAYMENTS_SANDBOX_ENABLED = True
    settings.SANDBOX_WEBHOOK_SECRET = SANDBOX_SECRET
    settings.PAYMENT_CARD_PROVIDER = ""
    settings.PAYMENT_GATEWAY_TIMEOUT = 2.0
    settings.PUBLIC_BASE_URL = ""
    settings.FRONTEND_URL = FRONTEND


@pytest.fixture
def paystack(settings):
    settings.PAYSTACK_SECRET_KEY = PAYSTACK_SECRET


@pytest.fixture
def flutterwave(settings):
    settings.FLUTTERWAVE_SECRET_KEY = FLUTTERWAVE_SECRET
    settings.FLUTTERWAVE_SECRET_HASH = FLUTTERWAVE_HASH


@pytest.fixture
def gateway_http():
    """The internet, faked: registered gateway answers only; any other outgoing request fails."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock
