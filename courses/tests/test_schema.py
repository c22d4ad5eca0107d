"""The OpenAPI schema documents the course and admin endpoints as they really behave."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from drf_spectacular.generators import SchemaGenerator

    with django_db_blocker.unblock():
        return SchemaGenerator().get_schema(request=None, public=True)


def test_course_create_documents_json_and_multipart_upload(schema):
    operation = schema["paths"]["/api/admin/courses/"]["post"]

    assert set(operation["requestBody"]["content"]) == {"application/json", "multipart/form-data"}
    upload = schema["components"]["schemas"]["CourseUploadInputRequest"]["properties"]["video_file"]
    assert (upload["type"], upload["format"]) == ("string", "binary")
    assert {"201", "400", "401", "403", "413", "415"} <= set(operation["responses"])


def test_enroll_documents_payment_required(schema):
    assert "402" in schema["paths"]["/api/courses/{id}/enroll/"]["post"]["responses"]


def test_progress_update_documents_the_access_refusal_and_a_required_percentage(schema):
    for method in ("put", "patch"):
        operation = schema["paths"]["/api/users/me/progress/{course_id}/"][method]
        assert {"200", "400", "403", "404"} <= set(operation["responses"])
        assert operation["requestBody"]["content"]["application/json"]["schema"]["required"] == ["progress_percentage"]


def test_catalogue_video_url_is_documented_as_nullable(schema):
    assert schema["components"]["schemas"]["CatalogueCourse"]["properties"]["video_url"]["nullable"] is True


def test_admin_users_documents_its_filters(schema):
    parameters = {p["name"] for p in schema["paths"]["/api/admin/users/"]["get"]["parameters"]}
    assert {"search", "role", "limit", "offset"} <= parameters


def test_catalogue_and_progress_rows_have_exactly_the_documented_properties(schema, student_client, student):
    from courses.tests.factories import CourseFactory, CourseProgressFactory

    course = CourseFactory()
    CourseProgressFactory(user=student, course=course, progress_percentage=100)
    components = schema["components"]["schemas"]

    [catalogue_row] = student_client.get("/api/courses/").json()
    [progress_row] = student_client.get("/api/users/me/progress/").json()
    updated = student_client.put(f"/api/users/me/progress/{course.pk}/", {"progress_percentage": 40}).json()

    assert set(catalogue_row) == set(components["CatalogueCourse"]["properties"])
    assert set(progress_row) == set(updated) == set(components["Progress"]["properties"])
