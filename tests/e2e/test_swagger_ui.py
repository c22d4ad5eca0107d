"""Swagger UI at /api/docs/ renders the served schema in a real browser, from assets we serve
ourselves (drf-spectacular-sidecar through the static files), never from a CDN."""

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("served_by", ["api_server", "production_server"])
def test_swagger_ui_lists_the_endpoints_from_self_hosted_assets(request, page, served_by, screenshot):
    api_server = request.getfixturevalue(served_by)
    requested, failed = [], []
    page.on("request", lambda request: requested.append(request.url))
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("response", lambda response: response.status >= 400 and failed.append(response.url))

    page.goto(f"{api_server.url}/api/docs/")
    page.wait_for_selector(".opblock")
    screenshot(page, f"swagger-{served_by}")

    paths = set(page.locator(".opblock-summary-path").evaluate_all("nodes => nodes.map(n => n.dataset.path)"))
    assert {
        "/api/auth/register/",
        "/api/auth/login/",
        "/api/users/me/",
        "/api/courses/",
        "/api/courses/{id}/enroll/",
        "/api/messages/send/",
        "/api/payments/initiate/",
        "/api/admin/users/",
        "/api/health/",
    } <= paths
    assert page.locator(".opblock").count() == len(page.locator(".opblock-summary-path").all())
    assert failed == []
    assert f"{api_server.url}/api/schema/" in requested
    assert [url for url in requested if not url.startswith(f"{api_server.url}/")] == []
    if served_by == "production_server":  # collected with hashed names, as whitenoise serves them in production
        assert any(re.search(r"/static/drf_spectacular_sidecar/.+\.[0-9a-f]{12}\.js$", url) for url in requested)
