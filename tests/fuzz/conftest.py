"""Schema fuzzing: schemathesis reads the OpenAPI schema the running server serves at `/api/schema/`,
generates valid and invalid requests for every operation, sends them to that server and checks each
answer against the same schema.

The server is uvicorn in its own process, configured as in production (DEBUG off) but with the
sandbox gateway on, on pytest's test database: tests here use `django_db(transaction=True)` so the
users, courses, messages and payments they create are committed and visible to it. They need
PostgreSQL (pytest's SQLite test database lives in this process's memory).
"""

import pytest
from django.conf import settings
from django.db import connection

from tests.servers import app_server, database_url

FUZZ_ENV = {
    "DEBUG": "False",
    "SECURE_SSL_REDIRECT": "False",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "LOG_FORMAT": "text",
    "LOG_LEVEL": "WARNING",
    "WEB_CONCURRENCY": None,
    # Each server process keeps its own cache and throttle counters: nothing shared with other tests.
    "REDIS_URL": None,
    "CELERY_TASK_ALWAYS_EAGER": "True",
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "PAYSTACK_SECRET_KEY": None,
    "FLUTTERWAVE_SECRET_KEY": None,
    "FLUTTERWAVE_SECRET_HASH": None,
    "PAYMENT_CARD_PROVIDER": None,
    "PAYMENTS_SANDBOX_ENABLED": "True",
    "PAYMENTS_SANDBOX_IN_PRODUCTION": "anyone-can-pay-with-the-sandbox",  # payments.checks: allowed here
    "PUBLIC_BASE_URL": None,
    # Throttles would answer 429 to most of a fuzzing run and hide the code behind them; their 429s
    # are documented and tested elsewhere.
    "THROTTLE_LOGIN": "100000/min",
    "THROTTLE_LOGIN_EMAIL": "100000/min",
    "THROTTLE_REGISTER": "100000/min",
    "THROTTLE_PASSWORD_RESET": "100000/min",
    "THROTTLE_PASSWORD_RESET_EMAIL": "100000/min",
    "THROTTLE_VERIFICATION": "100000/min",
    "THROTTLE_VERIFICATION_EMAIL": "100000/min",
    "THROTTLE_SEND_MESSAGE": "100000/min",
    "THROTTLE_PAYMENT_INITIATE": "100000/min",
}


@pytest.fixture(scope="package")
def fuzz_server(django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock():
        if connection.vendor != "postgresql":
            pytest.skip("needs PostgreSQL: the server process shares pytest's test database")
        env = {
            **FUZZ_ENV,
            "DATABASE_URL": database_url(connection.settings_dict),
            # Tokens made here are signed as the server checks them.
            "SECRET_KEY": settings.SECRET_KEY,
            "JWT_SIGNING_KEY": settings.SIMPLE_JWT["SIGNING_KEY"],
            "SANDBOX_WEBHOOK_SECRET": settings.SANDBOX_WEBHOOK_SECRET,
            "MEDIA_ROOT": str(tmp_path_factory.mktemp("fuzz-media")),
        }
    with app_server(env, log_dir=tmp_path_factory.mktemp("fuzz-server")) as server:
        yield server
