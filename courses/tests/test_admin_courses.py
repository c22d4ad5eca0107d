"""`/api/admin/courses/`: admin-only course management with JSON bodies (uploads: test_video_upload)."""

import uuid
from decimal import Decimal

import pytest

from courses.models import Course, CourseProgress, Enrollment
from courses.tests.factories import CourseFactory, CourseProgressFactory, EnrollmentFactory, PaidCourseFactory

pytestmark = pytest.mark.django_db

LIST = "/api/admin/courses/"
ADMIN_COURSE_FIELDS = {
    "id",
    "title",
    "description",
    "video_url",
    "created_at",
    "updated_at",
    "price",
    "currency",
    "is_published",
}


def detail(course_or_id) -> str:
    return f"/api/admin/courses/{getattr(course_or_id, 'pk', course_or_id)}/"


def new_course_body(**overrides) -> dict:
    body = {
        "title": "Prioritisation and Delegation",
        "description": "Who do you see first?",
        "video_url": "https://videos.example.com/priority.mp4",
    }
    return {**body, **overrides}


# --- Role matrix ----------------------------------------------------------------------------------

CALLS = [
    ("get", lambda c: LIST, None),
    ("post", lambda c: LIST, new_course_body()),
    ("get", detail, None),
    ("put", detail, new_course_body()),
    ("patch", detail, {"title": "Renamed"}),
    ("delete", detail, None),
]


@pytest.mark.parametrize("client_fixture", ["student_client", "tutor_client"])
@pytest.mark.parametrize(("method", "url", "body"), CALLS)
def test_students_and_tutors_get_403_on_every_admin_course_endpoint(request, client_fixture, method, url, body):
    client = request.getfixturevalue(client_fixture)
    course = CourseFactory(title="Untouched")
    response = getattr(client, method)(url(course), body, format="json")
    assert response.status_code == 403
    assert response.json() == {"detail": "You do not have permission to perform this action."}
    assert Course.objects.get().title == "Untouched"


@pytest.mark.parametrize(
    ("method", "url", "body", "expected"),
    [(*call, status) for call, status in zip(CALLS, [200, 201, 200, 200, 200, 204], strict=True)],
)
def test_admin_may_use_every_admin_course_endpoint(admin_client, method, url, body, expected):
    course = CourseFactory()
    response = getattr(admin_client, method)(url(course), body, format="json")
    assert response.status_code == expected


# --- List -----------------------------------------------------------------------------------------


def test_list_shows_every_course_newest_first_published_or_not(admin_client):
    old = CourseFactory(title="Old")
    hidden = CourseFactory(title="Draft", is_published=False)
    new = PaidCourseFactory(title="New")
    Course.objects.filter(pk=old.pk).update(created_at="2024-01-01T00:00:00Z")
    Course.objects.filter(pk=hidden.pk).update(created_at="2025-01-01T00:00:00Z")

    response = admin_client.get(LIST)

    assert response.status_code == 200
    assert [row["id"] for row in response.json()] == [str(new.pk), str(hidden.pk), str(old.pk)]


def test_list_rows_have_the_contract_fields_with_money_as_a_decimal_string(admin_client):
    course = PaidCourseFactory(video_url="https://videos.example.com/a.mp4")

    [row] = admin_client.get(LIST).json()

    assert set(row) == ADMIN_COURSE_FIELDS
    assert row["id"] == str(course.pk)
    assert row["price"] == "60.00"
    assert row["currency"] == "USD"
    assert row["is_published"] is True
    assert row["video_url"] == "https://videos.example.com/a.mp4"
    assert row["created_at"].endswith("Z")


def test_search_matches_title_or_description_case_insensitively(admin_client):
    by_title = CourseFactory(title="Cardiac Pharmacology", description="")
    by_description = CourseFactory(title="Week 3", description="beta blockers and PHARMACOLOGY drills")
    CourseFactory(title="Maternity", description="Labour and delivery")

    response = admin_client.get(LIST, {"search": "pharmacology"})

    assert {row["id"] for row in response.json()} == {str(by_title.pk), str(by_description.pk)}


def test_list_pages_with_limit_and_offset(admin_client):
    CourseFactory.create_batch(3)

    body = admin_client.get(LIST, {"limit": 2, "offset": 1}).json()

    assert body["count"] == 3
    assert len(body["results"]) == 2
    assert set(body) == {"count", "next", "previous", "results"}


@pytest.mark.parametrize("rows", [2, 50])
def test_list_query_count_does_not_grow_with_courses(admin_client, django_assert_num_queries, rows):
    CourseFactory.create_batch(rows)
    # One to authenticate the admin, one for the courses.
    with django_assert_num_queries(2):
        response = admin_client.get(LIST)
    assert len(response.json()) == rows


# --- Create ---------------------------------------------------------------------------------------


def test_create_with_a_video_link_returns_201_and_the_course(admin_client):
    response = admin_client.post(LIST, new_course_body(price="60.00", currency="NGN"), format="json")

    assert response.status_code == 201
    body = response.json()
    assert set(body) == ADMIN_COURSE_FIELDS
    course = Course.objects.get(pk=body["id"])
    assert course.title == "Prioritisation and Delegation"
    assert course.video_url == "https://videos.example.com/priority.mp4"
    assert course.video_file == ""
    assert body["price"] == "60.00"
    assert body["currency"] == "NGN"


def test_create_defaults_to_free_published_and_the_default_currency(admin_client, settings):
    settings.DEFAULT_CURRENCY = "GHS"

    body = admin_client.post(LIST, {"title": "Intro", "video_url": "https://v.example.com/i.mp4"}, format="json").json()

    assert body["price"] == "0.00"
    assert body["currency"] == "GHS"
    assert body["is_published"] is True
    assert body["description"] == ""


def test_create_without_a_video_is_400(admin_client):
    response = admin_client.post(LIST, {"title": "No video"}, format="json")

    assert response.status_code == 400
    assert response.json()["detail"] == "Provide a video_url or upload a video_file."
    assert not Course.objects.exists()


@pytest.mark.parametrize(
    "video_url",
    [
        "ftp://videos.example.com/a.mp4",
        "javascript:alert(1)",
        "not a url",
        "//videos.example.com/a.mp4",
        "http://",
        "http://[::1/a.mp4",
        "https://videos.example.com/a b.mp4",
    ],
)
def test_create_refuses_a_video_url_that_is_not_http_or_https(admin_client, video_url):
    response = admin_client.post(LIST, new_course_body(video_url=video_url), format="json")

    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Invalid input data."
    assert "video_url" in body["errors"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", ""),
        ("title", "x" * 201),
        ("price", "-1.00"),
        ("price", "12.345"),
        ("price", "free"),
        ("currency", "US"),
        ("currency", "12$"),
    ],
)
def test_create_refuses_invalid_fields_with_field_errors(admin_client, field, value):
    response = admin_client.post(LIST, new_course_body(**{field: value}), format="json")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
    assert not Course.objects.exists()


@pytest.mark.parametrize("video_url", ["http://localhost:8000/media/a.mp4", "https://cdn.example.com/v/a.webm?sig=1"])
def test_create_accepts_http_and_https_links(admin_client, video_url):
    response = admin_client.post(LIST, new_course_body(video_url=video_url), format="json")

    assert response.status_code == 201
    assert response.json()["video_url"] == video_url


def test_create_stores_a_lowercase_currency_code_in_capitals(admin_client):
    body = admin_client.post(LIST, new_course_body(currency="eur"), format="json").json()
    assert body["currency"] == "EUR"


def test_create_ignores_read_only_fields(admin_client):
    chosen_id = uuid.uuid4()
    body = admin_client.post(
        LIST, new_course_body(id=str(chosen_id), created_at="2001-01-01T00:00:00Z"), format="json"
    ).json()

    assert body["id"] != str(chosen_id)
    assert not body["created_at"].startswith("2001")


# --- Retrieve, update ----------------------------------------------------------------------------


def test_retrieve_returns_the_course(admin_client):
    course = CourseFactory(is_published=False)

    response = admin_client.get(detail(course))

    assert response.status_code == 200
    assert response.json()["id"] == str(course.pk)
    assert response.json()["is_published"] is False


@pytest.mark.parametrize("method", ["get", "put", "patch", "delete"])
def test_unknown_course_is_404(admin_client, method):
    response = getattr(admin_client, method)(detail(uuid.uuid4()), new_course_body(), format="json")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_put_replaces_the_fields_sent_as_the_frontend_sends_them(admin_client):
    course = CourseFactory(title="Old", description="Old text", video_url="https://v.example.com/old.mp4")

    response = admin_client.put(
        detail(course),
        {"title": "Updated", "description": "Revised.", "video_url": "https://v.example.com/new.mp4"},
        format="json",
    )

    assert response.status_code == 200
    course.refresh_from_db()
    assert (course.title, course.description, course.video_url) == (
        "Updated",
        "Revised.",
        "https://v.example.com/new.mp4",
    )
    assert response.json()["title"] == "Updated"


def test_put_keeps_price_and_publication_when_they_are_left_out(admin_client):
    course = PaidCourseFactory(is_published=False)

    admin_client.put(detail(course), {"title": "Renamed"}, format="json")

    course.refresh_from_db()
    assert course.price == Decimal("60.00")
    assert course.is_published is False


def test_put_without_a_title_is_400(admin_client):
    course = CourseFactory(title="Kept")

    response = admin_client.put(detail(course), {"description": "Only this"}, format="json")

    assert response.status_code == 400
    assert "title" in response.json()["errors"]
    course.refresh_from_db()
    assert course.title == "Kept"


def test_patch_changes_only_the_fields_sent(admin_client):
    course = CourseFactory(title="Same", price=Decimal("0.00"))

    response = admin_client.patch(detail(course), {"price": "25.50", "is_published": False}, format="json")

    assert response.status_code == 200
    course.refresh_from_db()
    assert course.title == "Same"
    assert course.price == Decimal("25.50")
    assert course.is_published is False
    assert response.json()["price"] == "25.50"


def test_patch_with_both_a_link_and_a_file_is_400(admin_client):
    from courses.tests.videos import mp4_upload

    course = CourseFactory()
    response = admin_client.patch(
        detail(course), {"video_url": "https://v.example.com/x.mp4", "video_file": mp4_upload()}, format="multipart"
    )

    assert response.status_code == 400
    assert response.json()["detail"] == "Provide either video_url or video_file, not both."


def test_patch_refuses_a_negative_price(admin_client):
    course = PaidCourseFactory()

    response = admin_client.patch(detail(course), {"price": "-5"}, format="json")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["price"]


# --- Delete ---------------------------------------------------------------------------------------


def test_delete_returns_204_with_an_empty_body_and_removes_enrollments_and_progress(admin_client, student):
    course = CourseFactory()
    EnrollmentFactory(user=student, course=course)
    CourseProgressFactory(user=student, course=course)

    response = admin_client.delete(detail(course))

    assert response.status_code == 204
    assert response.content == b""
    assert not Course.objects.exists()
    assert not Enrollment.objects.exists()
    assert not CourseProgress.objects.exists()


def test_json_nested_too_deeply_is_a_json_400_not_a_500(admin_client):
    response = admin_client.generic("POST", LIST, "[" * 10_000 + "]" * 10_000, content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {"detail": "JSON parse error - nested too deeply."}
    assert not Course.objects.exists()


def test_a_search_with_a_nul_character_is_a_400_not_a_database_error(admin_client):
    response = admin_client.get(LIST + "?search=a%00b")

    assert response.status_code == 400
    assert response.json()["errors"] == {"search": ["Null characters are not allowed."]}


def test_search_still_matches_title_or_description_ignoring_surrounding_spaces(admin_client):
    CourseFactory(title="Pharmacology basics")
    CourseFactory(title="Cardiology", description="Includes pharmacology of the heart")
    CourseFactory(title="Ethics")

    response = admin_client.get(LIST + "?search=%20pharmacology%20")

    assert sorted(c["title"] for c in response.json()) == ["Cardiology", "Pharmacology basics"]
