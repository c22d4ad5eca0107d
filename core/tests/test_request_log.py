import json
import logging

import pytest

pytestmark = pytest.mark.django_db


def test_every_response_carries_a_request_id(api_client):
    response = api_client.get("/api/health/")

    assert len(response.headers["X-Request-ID"]) == 32


def test_a_sane_incoming_request_id_is_kept(api_client):
    response = api_client.get("/api/health/", HTTP_X_REQUEST_ID="lb-1234567890")

    assert response.headers["X-Request-ID"] == "lb-1234567890"


def test_a_junk_incoming_request_id_is_replaced(api_client):
    response = api_client.get("/api/health/", HTTP_X_REQUEST_ID="<script>\nnope")

    assert response.headers["X-Request-ID"] != "<script>\nnope"


def test_one_structured_access_line_per_request_with_the_user(student_client, student, caplog):
    with caplog.at_level(logging.INFO, logger="nclex.access"):
        response = student_client.get("/api/users/me/")

    [record] = [r for r in caplog.records if r.name == "nclex.access"]
    assert record.status == 200
    assert record.path == "/api/users/me/"
    assert record.user_id == str(student.pk)
    assert record.request_id == response.headers["X-Request-ID"]
    assert record.duration_ms >= 0


def test_the_json_formatter_writes_one_json_object_per_line(settings):
    from pythonjsonlogger.json import JsonFormatter

    formatter_config = settings.LOGGING["formatters"]["json"]
    formatter = JsonFormatter(formatter_config["format"], rename_fields=formatter_config["rename_fields"])
    record = logging.LogRecord("nclex.access", logging.INFO, __file__, 1, "GET / 200", None, None)
    record.request_id = "abc12345"
    line = json.loads(formatter.format(record))

    assert line["level"] == "INFO"
    assert line["request_id"] == "abc12345"
    assert line["message"] == "GET / 200"
