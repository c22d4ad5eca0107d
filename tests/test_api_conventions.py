"""Conventions every endpoint shares: JSON errors, CORS for the frontend's origin."""

import json

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_cors_preflight_from_the_frontend_origin_is_allowed(api_client):
    response = api_client.options(
        "/api/auth/login/",
        HTTP_ORIGIN="http://localhost:3000",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, content-type",
    )

    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "http://localhost:3000"
    allowed = response.headers["Access-Control-Allow-Headers"].lower()
    assert "authorization" in allowed
    assert "content-type" in allowed


def test_cors_preflight_from_another_origin_is_not_allowed(api_client):
    response = api_client.options(
        "/api/auth/login/",
        HTTP_ORIGIN="https://evil.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )

    assert "Access-Control-Allow-Origin" not in response.headers


def test_cors_origins_come_from_the_setting(api_client, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.school.example"]

    response = api_client.get("/api/health/", HTTP_ORIGIN="https://app.school.example")

    assert response.headers["Access-Control-Allow-Origin"] == "https://app.school.example"


@pytest.mark.parametrize("method", ["get", "post", "put", "patch", "delete"])
def test_an_unknown_api_path_is_json_404_for_every_method_even_with_csrf_checks(method):
    # Browsers' CSRF checks are on in real requests; the test client switches them off unless asked.
    client = APIClient(enforce_csrf_checks=True)

    response = getattr(client, method)("/api/courses/not-a-uuid/enroll/", {"a": 1}, format="json")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_method_not_allowed_is_json_405(student_client):
    response = student_client.delete("/api/auth/login/")

    assert response.status_code == 405
    assert response.json() == {"detail": 'Method "DELETE" not allowed.'}


def test_unsupported_media_type_is_json_415(api_client):
    response = api_client.generic("POST", "/api/auth/login/", "email=a", content_type="text/plain")

    assert response.status_code == 415
    assert "detail" in response.json()


def test_an_unhandled_error_is_a_json_500_without_details(student_client, monkeypatch):
    from accounts import views

    def boom(self, request):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(views.MeView, "get", boom)

    response = student_client.get("/api/users/me/")

    assert response.status_code == 500
    assert response.json() == {"detail": "Internal server error."}


def test_a_json_body_over_the_upload_limit_is_a_json_413(student_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000

    response = student_client.patch("/api/users/me/", {"full_name": "x" * 2_000}, format="json")

    assert response.status_code == 413
    assert response.json() == {"detail": "Request body too large."}


def test_too_many_form_fields_is_a_json_400(api_client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    form = "&".join(f"field{i}=x" for i in range(10))

    response = api_client.generic(
        "POST", "/api/payments/sandbox/checkout/NCX-unknown/", form, content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 400
    assert response.json() == {"detail": "Too many form fields or files."}


@pytest.mark.parametrize("nested", ["[" * 10_000 + "]" * 10_000, '{"a":' * 10_000 + "1" + "}" * 10_000])
def test_json_nested_too_deeply_is_a_json_400(student_client, nested):
    response = student_client.generic("PATCH", "/api/users/me/", nested, content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {"detail": "JSON parse error - nested too deeply."}


def test_a_host_that_is_not_allowed_is_a_json_400_on_the_api(api_client):
    response = api_client.get("/api/health/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert response.json() == {"detail": "Bad request."}


def test_the_admin_site_keeps_django_html_error_pages(client):
    response = client.get("/admin/login/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


def test_a_permission_denied_outside_drf_is_json_on_the_api(rf):
    from core.views import permission_denied

    response = permission_denied(rf.get("/api/anything/"))

    assert response.status_code == 403
    assert "detail" in json.loads(response.content)
