from unittest import mock

import pytest
from django.db.utils import OperationalError

pytestmark = pytest.mark.django_db


def test_health_reports_database_and_cache(api_client):
    response = api_client.get("/api/health/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_health_is_503_when_the_database_is_down(api_client):
    with mock.patch("core.views._database_ping", side_effect=OperationalError("down")):
        response = api_client.get("/api/health/")

    assert response.status_code == 503
    assert response.json()["database"] == "error"


def test_unknown_api_route_is_a_json_404(api_client):
    response = api_client.get("/api/does-not-exist/")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_schema_and_docs_are_served(api_client):
    schema = api_client.get("/api/schema/", HTTP_ACCEPT="application/json")
    docs = api_client.get("/api/docs/")

    assert schema.status_code == 200
    assert schema.json()["openapi"].startswith("3.")
    assert docs.status_code == 200
    assert b"swagger" in docs.content.lower()
