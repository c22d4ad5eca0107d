"""No sandbox in production (issue 11: 16): with DEBUG off, PAYMENTS_SANDBOX_ENABLED on is a system
check error and the servers' applications refuse to load, unless the documented override is set."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

from payments.checks import SANDBOX_OVERRIDE

PRODUCTION = {
    "DEBUG": "False",
    "SECRET_KEY": "prod-" + "k3y-" * 15,
    "ALLOWED_HOSTS": "api.school.example",
    "PAYMENTS_SANDBOX_ENABLED": "True",
}
REFUSED = "PAYMENTS_SANDBOX_ENABLED is on with DEBUG off"


def run(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "PAYMENTS_SANDBOX_ENABLED"}}
    environment.pop("PAYMENTS_SANDBOX_IN_PRODUCTION", None)
    environment.update(env)
    return subprocess.run(  # noqa: S603 (our own interpreter)
        [sys.executable, *args], cwd=settings.BASE_DIR, env=environment, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_reports_the_sandbox_in_production_as_an_error():
    result = run("manage.py", "check", "--deploy", **PRODUCTION)

    assert result.returncode != 0
    assert "payments.E001" in result.stderr and REFUSED in result.stderr


@pytest.mark.parametrize("entry_point", ["config.wsgi", "config.asgi"])
def test_the_servers_refuse_to_load_the_application(entry_point):
    result = run("-c", f"import {entry_point}", **PRODUCTION)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and REFUSED in result.stderr
    assert f"PAYMENTS_SANDBOX_IN_PRODUCTION={SANDBOX_OVERRIDE}" in result.stderr  # the way out is named


def test_with_the_override_the_servers_start_and_the_check_only_warns():
    allowed = {**PRODUCTION, "PAYMENTS_SANDBOX_IN_PRODUCTION": SANDBOX_OVERRIDE}

    check = run("manage.py", "check", "--deploy", **allowed)
    loaded = run("-c", "import config.wsgi, config.asgi", **allowed)

    assert check.returncode == 0, check.stderr
    assert "payments.W001" in check.stderr and "payments.E001" not in check.stderr
    assert loaded.returncode == 0, loaded.stderr


def test_any_other_override_value_counts_as_unset():
    result = run("-c", "import config.wsgi", **PRODUCTION, PAYMENTS_SANDBOX_IN_PRODUCTION="yes")

    assert result.returncode != 0 and REFUSED in result.stderr


def test_with_debug_on_the_sandbox_is_fine():
    result = run("-c", "import config.wsgi", **{**PRODUCTION, "DEBUG": "True"})

    assert result.returncode == 0, result.stderr
