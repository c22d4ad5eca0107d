"""What reaches a log line (issue 11: items 7 and 12) and what a foreign Host gets (item 13)."""

import io
import logging

import pytest

from core.logging import LogSanitizer, sanitize_server_logs

pytestmark = pytest.mark.django_db

JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"


@pytest.fixture
def console(settings):
    """What the project's console handler (settings.LOGGING) writes, in the text format."""
    [handler] = [h for h in logging.getLogger().handlers if type(h) is logging.StreamHandler]
    stream = io.StringIO()
    previous_stream, previous_formatter = handler.setStream(stream), handler.formatter
    handler.setFormatter(logging.Formatter(settings.LOGGING["formatters"]["text"]["format"]))
    try:
        yield stream
    finally:
        handler.setStream(previous_stream)
        handler.setFormatter(previous_formatter)


def test_a_newline_in_the_path_cannot_forge_an_access_line(api_client, console):
    api_client.get("/api/nothing%0a2026-01-01 00:00:00,000 INFO nclex.access [-] GET /api/admin/ 200/")

    access_lines = [line for line in console.getvalue().splitlines() if "nclex.access" in line]
    assert len(access_lines) == 1
    assert "/api/nothing\\n2026-01-01" in access_lines[0]


def test_control_characters_in_a_header_are_escaped(console):
    # Django's own DisallowedHost line quotes the header; a server's line may not. Both stay one line.
    logging.getLogger("nclex.test").warning("User agent %s", "curl\r\n\x1b[31mFAKE\u2028line")

    [line] = console.getvalue().splitlines()
    assert line.endswith("User agent curl\\r\\n\\x1b[31mFAKE\\u2028line")


def test_the_development_servers_request_line_has_no_token(console):
    # What runserver's WSGIRequestHandler.log_message writes for a 4xx.
    logging.getLogger("django.server").warning(
        '"%s" %s %s', f"GET /ws/messages/?token={JWT}&x=1 HTTP/1.1", "404", "179"
    )

    output = console.getvalue()
    assert JWT not in output
    assert "/ws/messages/?token=[redacted]&x=1" in output


@pytest.mark.parametrize(
    "logged",
    [
        f"/ws/messages/?token={JWT}",
        f"/api/x/?a=1&access_token={JWT}",
        f"/api/x/?refresh={JWT}",
        f"Authorization: Bearer {JWT}",
    ],
)
def test_every_token_form_is_redacted(logged, console):
    logging.getLogger("nclex.test").info("seen %s", logged)

    assert JWT not in console.getvalue()
    assert "[redacted]" in console.getvalue()


def test_the_websocket_servers_lines_have_no_token():
    # uvicorn (alone, or as gunicorn's worker) logs each handshake to `uvicorn.error` through a
    # handler of its own, not ours: config.asgi puts the sanitizer on that logger.
    import config.asgi  # noqa: F401 - calls sanitize_server_logs()

    logger = logging.getLogger("uvicorn.error")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger.addHandler(handler)
    try:
        logger.info('%s - "WebSocket %s" [accepted]', "127.0.0.1:5000", f"/ws/messages/?token={JWT}")
    finally:
        logger.removeHandler(handler)

    assert stream.getvalue() == '127.0.0.1:5000 - "WebSocket /ws/messages/?token=[redacted]" [accepted]\n'
    assert any(isinstance(f, LogSanitizer) for f in logging.getLogger("uvicorn.access").filters)


def test_the_uvicorn_access_formatter_still_works_on_sanitized_records():
    from uvicorn.logging import AccessFormatter

    sanitize_server_logs()
    record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d', None, None)
    record.args = ("127.0.0.1:5000", "GET", f"/api/x/?token={JWT}\n", "1.1", 404)
    LogSanitizer().filter(record)

    line = AccessFormatter('%(client_addr)s - "%(request_line)s" %(status_code)s', use_colors=False).format(record)
    assert line == '127.0.0.1:5000 - "GET /api/x/?token=[redacted]\\n HTTP/1.1" 404 Not Found'


def test_number_arguments_keep_their_type():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "took %d ms, %.1f%%", (12, 3.25), None)

    LogSanitizer().filter(record)

    assert record.getMessage() == "took 12 ms, 3.2%"


# --- item 13: a foreign Host --------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/health/", "/api/courses/", "/api/no-such-thing/"])
def test_a_foreign_host_with_debug_on_is_json_400(api_client, settings, path):
    settings.DEBUG = True

    response = api_client.get(path, HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert response.headers["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Bad request."}


def test_a_foreign_host_with_debug_off_is_json_400_too(api_client, settings):
    settings.DEBUG = False

    response = api_client.post("/api/auth/login/", {}, format="json", HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert response.json() == {"detail": "Bad request."}


def test_an_allowed_host_is_served(api_client):
    assert api_client.get("/api/health/", HTTP_HOST="localhost").status_code == 200
