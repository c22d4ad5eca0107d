"""A real browser against the real server: Chromium (Debian's, driven by Playwright), the API served
by uvicorn on pytest's test database, and a frontend page served on http://localhost:3000.

The server is another process, so it sees only committed data: tests here use
`django_db(transaction=True)`, and they need PostgreSQL (pytest's SQLite test database lives in
this process's memory). Set E2E_SCREENSHOTS=<folder> to keep a screenshot of each page checked.
"""

import os
from pathlib import Path

import pytest
from django.db import connection

from config import settings as project_settings
from tests.browser import CHROMIUM, CHROMIUM_ARGS, browser_missing
from tests.servers import app_server, database_url, manage, port_is_free, static_site

# The origin the Next.js frontend is served from in development: CORS_ALLOWED_ORIGINS' default.
FRONTEND_PORT = 3000
FRONTEND_DIR = Path(__file__).parent / "frontend"


@pytest.fixture(scope="package")
def browser():
    missing = browser_missing()
    if missing:
        pytest.skip(missing)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread, so Django would refuse the
    # ORM calls the tests make to set up data. Nothing here is really async: allow them meanwhile.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, timeout=60_000)
            try:
                yield chromium
            finally:
                chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(api_server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20_000)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture(scope="package")
def frontend():
    """The frontend's origin: http://localhost:3000 serving `frontend/`. Should something else hold
    port 3000 on this machine, another port is used and the server is told to allow it instead."""
    port = FRONTEND_PORT if port_is_free(FRONTEND_PORT) else 0
    with static_site(FRONTEND_DIR, port=port) as bound:
        yield f"http://localhost:{bound}"


@pytest.fixture(scope="package")
def api_server(django_db_setup, django_db_blocker, frontend, tmp_path_factory):
    """The app served by uvicorn (HTTP and WebSockets) on pytest's test database, as `make run` would
    serve it (DEBUG on), with the Redis of the test run when there is one."""
    if missing := browser_missing():
        pytest.skip(missing)
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: the server process shares pytest's test database")
    with django_db_blocker.unblock():
        env = {
            "DATABASE_URL": database_url(connection.settings_dict),
            "DEBUG": "True",
            "CORS_ALLOWED_ORIGINS": None if frontend.endswith(f":{FRONTEND_PORT}") else frontend,
            "CELERY_TASK_ALWAYS_EAGER": "True",  # emails printed in the server's log, no worker needed
            "PAYMENTS_SANDBOX_ENABLED": "True",
        }
    with app_server(env, log_dir=tmp_path_factory.mktemp("e2e-server")) as server:
        yield server


@pytest.fixture(scope="package")
def production_server(api_server, django_db_blocker, tmp_path_factory):
    """The app as `make serve` runs it: gunicorn, DEBUG off, static files collected (hashed names,
    compressed) and served by whitenoise."""
    with django_db_blocker.unblock():
        env = {
            "DATABASE_URL": database_url(connection.settings_dict),
            "DEBUG": "False",
            "SECRET_KEY": "e2e-production-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
            "SECURE_SSL_REDIRECT": "False",
            "STATIC_ROOT": str(tmp_path_factory.mktemp("staticfiles")),
            "WEB_CONCURRENCY": None,
        }
    manage("collectstatic", "--noinput", env=env)
    with app_server(env, kind="gunicorn", log_dir=tmp_path_factory.mktemp("e2e-production")) as server:
        yield server


@pytest.fixture
def server_hashers(settings):
    """Users made here must be able to log in on the server, which hashes with Argon2 (not the MD5
    the test settings use for speed)."""
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS


@pytest.fixture
def screenshot():
    """`screenshot(page, name)`: kept in $E2E_SCREENSHOTS as e2e-<name>.png when that is set."""
    folder = os.environ.get("E2E_SCREENSHOTS")

    def take(page, name: str) -> None:
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(folder) / f"e2e-{name}.png"))

    return take
