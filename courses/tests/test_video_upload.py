"""Video upload on `/api/admin/courses/`: multipart `video_file`, checked by content and size,
streamed to disk, stored through the storage API, cleaned up on replace, delete and failure."""

from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.core.files.storage import default_storage
from django.db import IntegrityError

from courses.models import Course
from courses.tests.conftest import stored_files
from courses.tests.factories import CourseFactory
from courses.tests.videos import MATROSKA_HEAD, MOV_HEAD, WEBM_HEAD, mp4_upload, signed_name, upload, video_bytes
from courses.videos import VideoUploadHandler

pytestmark = pytest.mark.django_db

LIST = "/api/admin/courses/"
UNSUPPORTED = {"detail": "Unsupported video type. Upload an MP4, MOV or WebM file."}


def detail(course) -> str:
    return f"/api/admin/courses/{course.pk}/"


def post_video(client, video, **fields):
    return client.post(LIST, {"title": "Uploaded lecture", **fields, "video_file": video}, format="multipart")


def media_files(settings) -> list:
    return stored_files(settings.MEDIA_ROOT)


# --- Success --------------------------------------------------------------------------------------


def test_mp4_upload_is_stored_and_video_url_is_a_signed_link_to_it(admin_client, settings):
    data = video_bytes(size=200_000)

    response = post_video(admin_client, upload(data, name="week1.mp4"), price="60.00")

    assert response.status_code == 201
    body = response.json()
    course = Course.objects.get(pk=body["id"])
    assert course.video_file.startswith("course_videos/") and course.video_file.endswith(".mp4")
    assert default_storage.open(course.video_file).read() == data
    assert body["video_url"].startswith("http://testserver/api/media/")
    assert signed_name(body["video_url"]) == course.video_file
    assert course.video_url == ""  # no lasting URL of the file is kept anywhere
    assert body["price"] == "60.00"
    assert [path.name for path in media_files(settings)] == [course.video_file.split("/")[-1]]


def test_uploaded_video_url_serves_the_file(admin_client, api_client):
    data = video_bytes(size=70_000)
    video_url = post_video(admin_client, mp4_upload(size=70_000)).json()["video_url"]

    response = api_client.get(urlsplit(video_url).path)  # the link is the capability: no token

    assert response.status_code == 200
    assert response["Content-Type"] == "video/mp4"
    assert b"".join(response.streaming_content) == data


def test_uploaded_videos_are_not_served_at_media_url_even_in_development(admin_client, development_urls):
    course = Course.objects.get(pk=post_video(admin_client, mp4_upload()).json()["id"])

    response = admin_client.get(f"/media/{course.video_file}")

    assert response.status_code == 404


def test_stored_name_ignores_the_client_file_name(admin_client):
    response = post_video(admin_client, upload(video_bytes(), name="../../etc/passwd.mp4"))

    course = Course.objects.get(pk=response.json()["id"])
    assert "passwd" not in course.video_file
    assert course.video_file.startswith("course_videos/")


@pytest.mark.parametrize(
    ("head", "name", "extension"),
    [(MOV_HEAD, "lecture.mov", "mov"), (WEBM_HEAD, "lecture.webm", "webm")],
)
def test_mov_and_webm_uploads_are_accepted_by_their_signature(admin_client, head, name, extension):
    response = post_video(admin_client, upload(video_bytes(head), name=name, content_type="application/octet-stream"))

    assert response.status_code == 201
    assert Course.objects.get().video_file.endswith(f".{extension}")


def test_a_video_with_a_misleading_name_is_typed_by_its_content(admin_client):
    response = post_video(admin_client, upload(video_bytes(), name="notes.txt", content_type="text/plain"))

    assert response.status_code == 201
    assert Course.objects.get().video_file.endswith(".mp4")


def test_multipart_create_reads_the_other_fields_too(admin_client):
    response = post_video(
        admin_client, mp4_upload(), description="From the form", price="12.50", currency="ngn", is_published="false"
    )

    course = Course.objects.get(pk=response.json()["id"])
    assert (course.description, course.price, course.currency, course.is_published) == (
        "From the form",
        Decimal("12.50"),
        "NGN",
        False,
    )


def test_upload_leaves_no_temporary_file_behind(admin_client, upload_temp_dir):
    response = post_video(admin_client, mp4_upload(size=3_000_000))

    assert response.status_code == 201
    assert stored_files(upload_temp_dir) == []


# --- Refused uploads: 415, 413, 400 ----------------------------------------------------------------


def test_renamed_text_file_is_415_and_nothing_is_stored(admin_client, settings, upload_temp_dir):
    text = b"These are my lecture notes, not a video.\n" * 100

    response = post_video(admin_client, upload(text, name="lecture.mp4", content_type="video/mp4"))

    assert response.status_code == 415
    assert response.json() == UNSUPPORTED
    assert not Course.objects.exists()
    assert media_files(settings) == []
    assert stored_files(upload_temp_dir) == []


@pytest.mark.parametrize(
    "data",
    [video_bytes(MATROSKA_HEAD), b"\x00\x00\x00\x18ftyp", b"", b"GIF89a" + b"\x00" * 500],
    ids=["matroska-not-webm", "truncated-ftyp", "empty", "gif"],
)
def test_other_content_is_refused(admin_client, settings, data):
    response = post_video(admin_client, upload(data, name="clip.webm", content_type="video/webm"))

    assert response.status_code == 415
    assert response.json() == UNSUPPORTED
    assert not Course.objects.exists()
    assert media_files(settings) == []


def test_a_large_non_video_is_refused_from_its_first_bytes(admin_client, settings, upload_temp_dir, monkeypatch):
    written = []
    original = VideoUploadHandler.receive_data_chunk

    def spy(self, raw_data, start):
        written.append(len(raw_data))
        return original(self, raw_data, start)

    monkeypatch.setattr(VideoUploadHandler, "receive_data_chunk", spy)

    response = post_video(admin_client, upload(b"A" * 5_000_000, name="big.mp4"))

    assert response.status_code == 415
    assert len(written) == 1  # refused on the first chunk, not after copying 5 MB
    assert stored_files(upload_temp_dir) == []


def test_file_far_over_the_size_cap_is_413_before_it_is_read(admin_client, settings, upload_temp_dir, monkeypatch):
    settings.MAX_VIDEO_UPLOAD_MB = 1
    monkeypatch.setattr(
        VideoUploadHandler, "new_file", lambda *a, **k: pytest.fail("the body should not have been read")
    )

    response = post_video(admin_client, mp4_upload(size=5 * 1024 * 1024))

    assert response.status_code == 413
    assert response.json() == {"detail": "Video file is too large (maximum 1 MB)."}
    assert not Course.objects.exists()
    assert media_files(settings) == []


def test_file_just_over_the_size_cap_is_413_while_streaming(admin_client, settings, upload_temp_dir):
    settings.MAX_VIDEO_UPLOAD_MB = 1

    response = post_video(admin_client, mp4_upload(size=1024 * 1024 + 1))

    assert response.status_code == 413
    assert response.json() == {"detail": "Video file is too large (maximum 1 MB)."}
    assert not Course.objects.exists()
    assert media_files(settings) == []
    assert stored_files(upload_temp_dir) == []


def test_file_exactly_at_the_size_cap_is_accepted(admin_client, settings):
    settings.MAX_VIDEO_UPLOAD_MB = 1

    response = post_video(admin_client, mp4_upload(size=1024 * 1024))

    assert response.status_code == 201


def test_upload_with_invalid_fields_is_400_and_stores_nothing(admin_client, settings):
    response = post_video(admin_client, mp4_upload(), price="-3")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["price"]
    assert media_files(settings) == []


def test_oversized_form_fields_are_413_not_a_server_error(admin_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000

    response = post_video(admin_client, mp4_upload(), description="x" * 20_000)

    assert response.status_code == 413
    assert response.json() == {"detail": "Request body too large."}
    assert media_files(settings) == []


def test_upload_that_fails_to_save_the_course_leaves_no_file(admin_client, settings, monkeypatch):
    def broken_save(self, *args, **kwargs):
        raise IntegrityError("database refused the row")

    monkeypatch.setattr(Course, "save", broken_save)

    response = post_video(admin_client, mp4_upload())

    assert response.status_code == 500
    assert response.json() == {"detail": "Internal server error."}
    assert media_files(settings) == []


@pytest.mark.parametrize("client_fixture", ["api_client", "student_client"])
def test_upload_from_a_non_admin_is_refused_before_anything_is_stored(request, settings, client_fixture):
    client = request.getfixturevalue(client_fixture)

    response = post_video(client, mp4_upload())

    assert response.status_code in (401, 403)
    assert media_files(settings) == []


# --- Replace and delete --------------------------------------------------------------------------


def test_replacing_an_uploaded_video_removes_the_old_file_after_commit(
    admin_client, settings, django_capture_on_commit_callbacks
):
    course = Course.objects.get(pk=post_video(admin_client, mp4_upload()).json()["id"])
    old_name = course.video_file

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = admin_client.patch(detail(course), {"video_file": mp4_upload()}, format="multipart")
    assert response.status_code == 200
    course.refresh_from_db()
    assert default_storage.exists(old_name)  # still there until the transaction commits

    for callback in callbacks:
        callback()

    assert not default_storage.exists(old_name)
    assert default_storage.exists(course.video_file)
    assert signed_name(response.json()["video_url"]) == course.video_file
    assert len(media_files(settings)) == 1


def test_replacing_an_uploaded_video_with_a_link_removes_the_file(
    admin_client, settings, django_capture_on_commit_callbacks
):
    course = Course.objects.get(pk=post_video(admin_client, mp4_upload()).json()["id"])

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.patch(detail(course), {"video_url": "https://v.example.com/new.mp4"}, format="json")

    assert response.json()["video_url"] == "https://v.example.com/new.mp4"
    course.refresh_from_db()
    assert course.video_file == ""
    assert media_files(settings) == []


def test_sending_back_the_same_video_url_keeps_the_uploaded_file(
    admin_client, settings, django_capture_on_commit_callbacks
):
    created = post_video(admin_client, mp4_upload()).json()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.put(
            f"{LIST}{created['id']}/", {"title": "Renamed", "video_url": created["video_url"]}, format="json"
        )

    assert response.status_code == 200
    assert Course.objects.get().video_file != ""
    assert len(media_files(settings)) == 1


def test_editing_other_fields_keeps_the_uploaded_file(admin_client, settings, django_capture_on_commit_callbacks):
    created = post_video(admin_client, mp4_upload()).json()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.patch(f"{LIST}{created['id']}/", {"title": "Renamed"}, format="multipart")

    assert response.status_code == 200
    assert signed_name(response.json()["video_url"]) == signed_name(created["video_url"])
    assert response.json()["is_published"] is True  # a form without the checkbox does not unpublish
    assert len(media_files(settings)) == 1


def test_refused_replacement_keeps_the_current_video(admin_client, settings, django_capture_on_commit_callbacks):
    course = Course.objects.get(pk=post_video(admin_client, mp4_upload()).json()["id"])

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.patch(detail(course), {"video_file": upload(b"plain text" * 10)}, format="multipart")

    assert response.status_code == 415
    assert default_storage.exists(course.video_file)
    assert len(media_files(settings)) == 1


def test_deleting_a_course_removes_its_uploaded_video_after_commit(
    admin_client, settings, django_capture_on_commit_callbacks
):
    course = Course.objects.get(pk=post_video(admin_client, mp4_upload()).json()["id"])

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = admin_client.delete(detail(course))
    assert response.status_code == 204
    assert len(media_files(settings)) == 1

    for callback in callbacks:
        callback()

    assert media_files(settings) == []


def test_deleting_a_linked_course_touches_no_storage(admin_client, django_capture_on_commit_callbacks, monkeypatch):
    course = CourseFactory()
    deleted = []
    monkeypatch.setattr(default_storage, "delete", deleted.append)

    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.delete(detail(course)).status_code == 204

    assert deleted == []
