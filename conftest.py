"""Fixtures shared by every app's tests."""

import pytest
from django.core.cache import cache
from django.test import Client
from rest_framework.test import APIClient

from accounts.tests.factories import AdminFactory, TutorFactory, UserFactory
from config.celery import app as celery_app
from core.testing import bearer_client
from payments.checks import SANDBOX_OVERRIDE

__all__ = ["bearer_client"]  # still importable from here; tests import it from core.testing


@pytest.fixture(autouse=True)
def _isolated_state(settings, tmp_path):
    """Fast hashing, a fresh cache (throttle counters), a private media folder, and Celery tasks
    run in-process (a test that wants a real worker says so) per test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    # pytest-django runs tests with DEBUG off while the sandbox stays on (its default follows DEBUG
    # as loaded): allowed here, or a test that loads config.asgi would be refused (payments.checks).
    settings.PAYMENTS_SANDBOX_IN_PRODUCTION = SANDBOX_OVERRIDE
    celery_app.conf.task_always_eager = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def student(db):
    return UserFactory()


@pytest.fixture
def tutor(db):
    return TutorFactory()


@pytest.fixture
def admin_user(db):
    return AdminFactory()


@pytest.fixture
def student_client(student):
    return bearer_client(student)


@pytest.fixture
def tutor_client(tutor):
    return bearer_client(tutor)


@pytest.fixture
def admin_client(admin_user):
    return bearer_client(admin_user)


@pytest.fixture
def site(admin_user) -> Client:
    """The Django admin site, signed in as an admin (a session, not a bearer token)."""
    client = Client()
    client.force_login(admin_user)
    return client
