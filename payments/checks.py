"""No sandbox in production: the simulated checkout "sells" every paid course for nothing.

With DEBUG off and PAYMENTS_SANDBOX_ENABLED on, `manage.py check` (and `check --deploy`) reports
the error payments.E001, and the WSGI and ASGI applications refuse to load (`refuse_unsafe_sandbox`,
called by config/wsgi.py and config/asgi.py), so no server starts so configured. A staging server
that really wants it sets PAYMENTS_SANDBOX_IN_PRODUCTION to `SANDBOX_OVERRIDE` (.env.example):
then the check reports the warning payments.W001 instead, and the servers start.
"""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

SANDBOX_OVERRIDE = "anyone-can-pay-with-the-sandbox"
SANDBOX_IN_PRODUCTION = (
    "PAYMENTS_SANDBOX_ENABLED is on with DEBUG off: the simulated checkout would enroll anyone in any "
    "paid course without a payment."
)
SANDBOX_HINT = (
    "Set PAYMENTS_SANDBOX_ENABLED=False, or, for a staging server only, "
    f"PAYMENTS_SANDBOX_IN_PRODUCTION={SANDBOX_OVERRIDE}."
)


def sandbox_in_production() -> bool:
    return bool(settings.PAYMENTS_SANDBOX_ENABLED) and not settings.DEBUG


def sandbox_overridden() -> bool:
    return settings.PAYMENTS_SANDBOX_IN_PRODUCTION == SANDBOX_OVERRIDE


@checks.register(checks.Tags.security)
def check_sandbox_off_in_production(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    if not sandbox_in_production():
        return []
    if sandbox_overridden():
        allowed = "Allowed by PAYMENTS_SANDBOX_IN_PRODUCTION."
        return [checks.Warning(SANDBOX_IN_PRODUCTION, hint=allowed, id="payments.W001")]
    return [checks.Error(SANDBOX_IN_PRODUCTION, hint=SANDBOX_HINT, id="payments.E001")]


def refuse_unsafe_sandbox() -> None:
    """Called as a server loads the application: ImproperlyConfigured unless the sandbox is off in
    production or explicitly allowed."""
    if sandbox_in_production() and not sandbox_overridden():
        raise ImproperlyConfigured(f"{SANDBOX_IN_PRODUCTION} {SANDBOX_HINT}")
