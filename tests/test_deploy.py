"""Production configuration: `check --deploy` is clean, and a missing SECRET_KEY stops startup."""

import os
import subprocess
import sys

from django.conf import settings


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    environment.update(env)
    return subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_the_production_environment():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="False",
        SECRET_KEY="prod-" + "k3y-" * 15,
        ALLOWED_HOSTS="api.school.example",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_without_a_secret_key_production_refuses_to_start():
    result = manage("check", DEBUG="False")

    assert result.returncode != 0
    assert "SECRET_KEY must be set in the environment when DEBUG is off" in result.stderr


def connection_age_when_loading(entry_point: str) -> int:
    environment = {k: v for k, v in os.environ.items() if k != "CONN_MAX_AGE"}
    result = subprocess.run(  # noqa: S603 (our own interpreter)
        [
            sys.executable,
            "-c",
            f"import {entry_point}; from django.conf import settings as s; "
            "print(s.DATABASES['default']['CONN_MAX_AGE'])",
        ],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return int(result.stdout.split()[-1])


def test_the_wsgi_server_keeps_connections_and_the_asgi_server_opens_one_per_request():
    # Decided in config/settings.py alone: under ASGI each request runs in a thread of its own, so a
    # kept connection would never be reused, only pile up.
    assert connection_age_when_loading("config.wsgi") == 60
    assert connection_age_when_loading("config.asgi") == 0
