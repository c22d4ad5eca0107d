"""Uploaded videos are not public for ever (issue 11: 15): a requester with access gets a short-lived
signed link (`courses.videos.signed_media_url`), served locally with HTTP Range support; external
links stay as given; without access the link is null."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from freezegun import freeze_time

from core.testing import assert_error
from courses.checks import check_media_links_are_signed
from courses.tests.factories import CourseFactory, EnrollmentFactory, PaidCourseFactory
from courses.tests.videos import MP4_HEAD, signed_name
from courses.videos import signed_media_url

pytestmark = pytest.mark.django_db

DATA = MP4_HEAD + bytes(range(256)) * 40  # 10,264 bytes, every offset distinguishable
EXPIRED = "This media link has expired. Reload the page for a new one."


@pytest.fixture
def stored_video() -> str:
    return default_storage.save("course_videos/signed-test.mp4", ContentFile(DATA))


@pytest.fixture
def uploaded_course(stored_video):
    return PaidCourseFactory(video_url="", video_file=stored_video)


def media_path(name: str) -> str:
    return urlsplit(signed_media_url(name)).path


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def catalogue_video(client, course) -> str | None:
    return client.get(f"/api/courses/{course.pk}/").json()["video_url"]


# --- Who gets a link ------------------------------------------------------------------------------


def test_an_enrolled_student_gets_a_signed_link_that_plays(student_client, api_client, uploaded_course):
    EnrollmentFactory(user=student_client.user, course=uploaded_course)

    video_url = catalogue_video(student_client, uploaded_course)

    assert video_url.startswith("http://testserver/api/media/")
    assert "/media/course_videos/" not in video_url
    assert body(api_client.get(urlsplit(video_url).path)) == DATA


def test_the_catalogue_list_and_enrollments_sign_uploaded_videos_too(student_client, uploaded_course):
    EnrollmentFactory(user=student_client.user, course=uploaded_course)

    listed = student_client.get("/api/courses/").json()[0]["video_url"]
    enrolled = student_client.get("/api/users/me/enrollments/").json()[0]["course"]["video_url"]

    assert signed_name(listed) == signed_name(enrolled) == uploaded_course.video_file


@pytest.mark.parametrize("who", ["anonymous", "not enrolled"])
def test_without_access_the_link_is_null(who, api_client, student_client, uploaded_course):
    client = api_client if who == "anonymous" else student_client

    assert catalogue_video(client, uploaded_course) is None
    assert client.get("/api/courses/").json()[0]["video_url"] is None


def test_an_external_video_url_stays_as_given(student_client):
    course = CourseFactory(video_url="https://www.youtube.com/watch?v=abc123")

    assert catalogue_video(student_client, course) == "https://www.youtube.com/watch?v=abc123"


def test_the_cached_catalogue_never_holds_an_expiring_link(student_client, api_client, uploaded_course, settings):
    EnrollmentFactory(user=student_client.user, course=uploaded_course)
    settings.SIGNED_MEDIA_URL_SECONDS = 60
    now = timezone.now()  # (the student's access token is real: keep within its lifetime)
    with freeze_time(now):
        first = catalogue_video(student_client, uploaded_course)
    with freeze_time(now + timedelta(minutes=5)):  # the catalogue is still cached; the first link expired
        second = catalogue_video(student_client, uploaded_course)
        assert_error(api_client.get(urlsplit(first).path), 403, EXPIRED)
        assert api_client.get(urlsplit(second).path).status_code == 200
    assert first != second


# --- Expiry and tampering -------------------------------------------------------------------------


def test_a_link_stops_working_after_its_lifetime(api_client, stored_video, settings):
    settings.SIGNED_MEDIA_URL_SECONDS = 600
    with freeze_time("2026-01-01 10:00:00"):
        path = media_path(stored_video)
    with freeze_time("2026-01-01 10:09:59"):
        assert api_client.get(path).status_code == 200
    with freeze_time("2026-01-01 10:10:01"):
        assert_error(api_client.get(path), 403, EXPIRED)


def test_an_altered_link_is_404(api_client, stored_video):
    token = media_path(stored_video).split("/")[-2]
    value, timestamp, signature = token.split(":")
    other = signing.dumps("course_videos/other.mp4", salt="courses.media", compress=False).split(":")[0]

    altered = ("B" if signature[0] == "A" else "A") + signature[1:]

    for forged in (f"{value}:{timestamp}:{altered}", f"{other}:{timestamp}:{signature}", "nonsense"):
        assert_error(api_client.get(f"/api/media/{forged}/"), 404, "Not found.")


def test_a_token_signed_for_something_else_opens_nothing(api_client, stored_video):
    # Same SECRET_KEY, another purpose (salt): not a media link.
    token = signing.dumps(stored_video, compress=False)

    assert_error(api_client.get(f"/api/media/{token}/"), 404, "Not found.")


def test_a_link_to_a_deleted_file_is_404(api_client, stored_video):
    path = media_path(stored_video)
    default_storage.delete(stored_video)

    assert_error(api_client.get(path), 404, "Not found.")


# --- Range requests -------------------------------------------------------------------------------


def test_a_whole_file_request_says_ranges_are_accepted(api_client, stored_video):
    response = api_client.get(media_path(stored_video))

    assert response.status_code == 200
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Length"] == str(len(DATA))


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [
        ("bytes=0-99", 0, 99),
        ("bytes=5000-", 5000, len(DATA) - 1),
        ("bytes=-100", len(DATA) - 100, len(DATA) - 1),
        ("bytes=10000-99999", 10000, len(DATA) - 1),  # a last byte past the end is cut to the end
    ],
)
def test_a_range_is_answered_206_with_exactly_those_bytes(api_client, stored_video, header, first, last):
    response = api_client.get(media_path(stored_video), HTTP_RANGE=header)

    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {first}-{last}/{len(DATA)}"
    assert response["Content-Length"] == str(last - first + 1)
    assert body(response) == DATA[first : last + 1]


@pytest.mark.parametrize("header", [f"bytes={len(DATA)}-", f"bytes={len(DATA) + 10}-{len(DATA) + 20}", "bytes=-0"])
def test_a_range_past_the_end_is_416(api_client, stored_video, header):
    response = api_client.get(media_path(stored_video), HTTP_RANGE=header)

    assert_error(response, 416, "Requested range not satisfiable.")
    assert response["Content-Range"] == f"bytes */{len(DATA)}"


@pytest.mark.parametrize("header", ["bytes=0-1,5-6", "items=0-5", "bytes=9-3", "bytes=-"])
def test_a_range_that_is_not_one_byte_range_is_ignored(api_client, stored_video, header):
    response = api_client.get(media_path(stored_video), HTTP_RANGE=header)

    assert response.status_code == 200
    assert body(response) == DATA


def test_head_answers_the_size_without_the_body(api_client, stored_video):
    response = api_client.head(media_path(stored_video), HTTP_RANGE="bytes=0-9")

    assert response.status_code == 206
    assert response["Content-Length"] == "10"
    assert response.content == b""


def test_a_player_asking_for_video_still_gets_errors_as_json(api_client):
    response = api_client.get("/api/media/nonsense/", HTTP_ACCEPT="video/mp4")

    assert_error(response, 404, "Not found.")


# --- S3 -------------------------------------------------------------------------------------------


def test_on_s3_the_link_is_a_presigned_url_that_expires(settings):
    settings.AWS_STORAGE_BUCKET_NAME = "nclex-videos"
    settings.AWS_S3_REGION_NAME = "eu-west-1"
    settings.AWS_ACCESS_KEY_ID = "AKIAEXAMPLE"
    settings.AWS_SECRET_ACCESS_KEY = "secret"
    settings.AWS_QUERYSTRING_AUTH = True
    settings.SIGNED_MEDIA_URL_SECONDS = 900
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "storages.backends.s3.S3Storage"}}

    with freeze_time("2026-01-01 10:00:00"):
        url = signed_media_url("course_videos/a.mp4")

    parts = urlsplit(url)
    query = parse_qs(parts.query)
    assert parts.netloc.startswith("nclex-videos.s3") and parts.path == "/course_videos/a.mp4"
    assert query["Signature"] and query["AWSAccessKeyId"] == ["AKIAEXAMPLE"]
    assert query["Expires"] == [str(int(datetime(2026, 1, 1, 10, 15, tzinfo=UTC).timestamp()))]


def test_a_paid_course_stays_sold_with_its_price(api_client, uploaded_course):
    # The link is withheld, not the course.
    row = api_client.get("/api/courses/").json()[0]

    assert (row["id"], Decimal(row["price"])) == (str(uploaded_course.pk), Decimal("60.00"))


def test_a_custom_domain_without_cloudfront_signing_is_a_check_error(settings):
    # django-storages does not presign URLs on a custom domain: they would be public for ever.
    settings.AWS_STORAGE_BUCKET_NAME = "nclex-videos"
    settings.AWS_S3_CUSTOM_DOMAIN = "cdn.school.example"
    assert [error.id for error in check_media_links_are_signed()] == ["courses.E001"]

    settings.AWS_CLOUDFRONT_KEY_ID, settings.AWS_CLOUDFRONT_KEY = "K2JCJMDEHXQW5F", "-----BEGIN RSA PRIVATE KEY-----"
    assert check_media_links_are_signed() == []
