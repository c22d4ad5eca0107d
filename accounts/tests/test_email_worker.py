"""Emails leave through a real Celery worker on Redis, and only after the transaction commits."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from config.celery import app as celery_app
from tests.servers import database_url

pytestmark = [
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL"),
    pytest.mark.skipif("postgresql" not in settings.DATABASES["default"]["ENGINE"], reason="needs PostgreSQL"),
]


@pytest.fixture
def worker(tmp_path):
    outbox = tmp_path / "outbox"
    env = {
        **os.environ,
        "DATABASE_URL": database_url(connection.settings_dict),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(outbox),
        "CELERY_TASK_ALWAYS_EAGER": "False",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--concurrency=1", "-l", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    celery_app.conf.task_always_eager = False
    try:
        yield outbox
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def wait_for_email(outbox: Path, timeout: float = 45) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        files = sorted(outbox.glob("*.log")) if outbox.exists() else []
        if files:
            return files[0].read_text()
        time.sleep(0.2)
    raise AssertionError("no email was sent by the worker")


def test_a_worker_sends_the_verification_email(api_client, worker):
    response = api_client.post(
        "/api/auth/register/",
        {
            "full_name": "Queued Nurse",
            "email": "queued@example.com",
            "password": "Sturdy-Passphrase-9",
            "confirm_password": "Sturdy-Passphrase-9",
        },
    )

    assert response.status_code == 201
    email = wait_for_email(worker)
    assert "queued@example.com" in email
    assert "/auth/verify-email?token=" in email
