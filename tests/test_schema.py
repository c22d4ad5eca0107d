"""The OpenAPI schema documents the answers every endpoint shares (`core.schema`), as they really are."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from drf_spectacular.generators import SchemaGenerator

    with django_db_blocker.unblock():
        return SchemaGenerator().get_schema(request=None, public=True)


def operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def test_a_list_is_documented_as_a_plain_array_or_a_page_with_limit(schema):
    ref = schema["paths"]["/api/courses/"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    array, page = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]["oneOf"]

    assert array["type"] == "array"
    assert page["type"] == "object"
    assert set(page["required"]) == {"count", "results"}


def test_every_paged_list_documents_its_bounds_and_the_400_for_a_bad_limit_or_offset(schema):
    paged = [(p, m, o) for p, m, o in operations(schema) if any(x["name"] == "limit" for x in o.get("parameters", []))]

    assert len(paged) >= 8
    for path, method, operation in paged:
        assert "400" in operation["responses"], (method, path)
    parameters = {p["name"]: p["schema"] for p in schema["paths"]["/api/payments/"]["get"]["parameters"]}
    assert parameters["limit"]["minimum"] == 1
    assert (parameters["offset"]["minimum"], parameters["offset"]["maximum"]) == (0, 2**31 - 1)


def test_every_operation_that_reads_a_bearer_token_documents_401(schema):
    for path, method, operation in operations(schema):
        if any("jwtAuth" in requirement for requirement in operation.get("security", [])):
            assert "401" in operation["responses"], (method, path)
    # Optional auth too: a bad token is refused on the public catalogue.
    assert "401" in schema["paths"]["/api/courses/"]["get"]["responses"]


def test_every_operation_with_a_body_documents_unreadable_oversized_and_unsupported_bodies(schema):
    for path, method, operation in operations(schema):
        if "requestBody" in operation:
            assert {"400", "413", "415"} <= set(operation["responses"]), (method, path)


def test_a_validation_error_may_come_without_field_errors(schema):
    # A body that is not JSON at all answers {"detail": "JSON parse error - ..."}, with no `errors`.
    assert schema["components"]["schemas"]["ErrorResponse"]["required"] == ["detail"]
    assert set(schema["components"]["schemas"]["ErrorResponse"]["properties"]) == {"detail", "errors"}


def error_schemas(operation) -> set[str]:
    return {
        body["schema"].get("$ref", "inline")
        for status, response in operation["responses"].items()
        if status >= "400"
        for body in response.get("content", {}).values()
    } | {status for status, response in operation["responses"].items() if status >= "400" and "content" not in response}


# Error answers that carry more than the error: the exam already in progress (its id, to resume it).
ERRORS_WITH_A_PAYLOAD = {"#/components/schemas/ExamInProgress"}


def test_every_error_answer_has_the_one_error_body(schema):
    for path, method, operation in operations(schema):
        if path == "/api/health/":  # its 503 is the health report itself (which dependency is down)
            continue
        assert error_schemas(operation) - ERRORS_WITH_A_PAYLOAD <= {"#/components/schemas/ErrorResponse"}, (
            method,
            path,
        )


def test_every_role_guarded_operation_documents_403(schema):
    for path in ("/api/admin/users/", "/api/admin/stats/", "/api/admin/payments/", "/api/admin/courses/"):
        assert "403" in schema["paths"][path]["get"]["responses"], path
    assert "403" not in schema["paths"]["/api/payments/"]["get"]["responses"]


def test_every_operation_on_a_path_with_a_parameter_documents_404(schema):
    for path, method, operation in operations(schema):
        if "{" in path:
            assert "404" in operation["responses"], (method, path)
    assert "404" not in schema["paths"]["/api/payments/"]["get"]["responses"]


def test_every_throttled_operation_documents_429(schema):
    for path in ("/api/auth/login/", "/api/auth/register/", "/api/messages/send/", "/api/payments/initiate/"):
        assert "429" in schema["paths"][path]["post"]["responses"], path
    assert "429" not in schema["paths"]["/api/auth/verify-email/"]["post"]["responses"]
