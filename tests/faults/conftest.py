"""Faults on real servers: the app runs as in production (gunicorn + uvicorn workers, DEBUG off) in
its own processes, and the tests break what it depends on — a private PostgreSQL cluster, a private
Redis, a stub payment gateway — never the shared PostgreSQL and Redis other tests use.
"""

import pytest
from django.db import connection

from tests.servers import database_url

# A production configuration, minus what needs a real domain and TLS.
PRODUCTION_ENV = {
    "DEBUG": "False",
    "SECRET_KEY": "fault-tests-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "SECURE_SSL_REDIRECT": "False",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "CORS_ALLOWED_ORIGINS": "http://localhost:3000",
    "LOG_FORMAT": "text",  # one line per record: easy to count in the server's log
    "LOG_LEVEL": "INFO",
    "WEB_CONCURRENCY": None,
    "CONN_MAX_AGE": None,  # the default, whatever the environment of the test run says
    "REDIS_URL": None,  # in-memory cache and channel layer unless a test starts its own Redis
    "CELERY_TASK_ALWAYS_EAGER": None,
    "PAYSTACK_SECRET_KEY": None,
    "FLUTTERWAVE_SECRET_KEY": None,
    "PAYMENTS_SANDBOX_ENABLED": "False",
}


def production_env(**overrides: str | None) -> dict[str, str | None]:
    return {**PRODUCTION_ENV, **overrides}


@pytest.fixture(scope="module")
def shared_test_database(django_db_setup, django_db_blocker) -> str:
    """DATABASE_URL of pytest's test database, for a server process to share with the test. The
    test must use `django_db(transaction=True)` so that what it writes is committed."""
    with django_db_blocker.unblock():
        if connection.vendor != "postgresql":
            pytest.skip("needs PostgreSQL: the server process shares pytest's test database")
        return database_url(connection.settings_dict)
