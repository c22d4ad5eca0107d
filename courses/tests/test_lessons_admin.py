"""Admins manage a course's outline (CONTRACT §11): sections under /api/admin/courses/{id}/sections/,
lessons under /api/admin/sections/{id}/lessons/, each with a reorder action; lesson videos and PDFs
are uploaded by the course video rules."""

import uuid

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from core.testing import assert_error
from courses.models import Lesson, Section
from courses.tests.conftest import stored_files
from courses.tests.factories import CourseFactory
from courses.tests.lesson_factories import LessonFactory, SectionFactory
from courses.tests.videos import mp4_upload, upload

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def sections_url(course) -> str:
    return f"/api/admin/courses/{course.pk}/sections/"


def lessons_url(section) -> str:
    return f"/api/admin/sections/{section.pk}/lessons/"


def pdf_upload(data: bytes = PDF, name: str = "notes.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def media_files(settings) -> list:
    return stored_files(settings.MEDIA_ROOT)


# --- Sections ------------------------------------------------------------------------------------------


def test_new_sections_go_last_and_list_in_order(admin_client):
    course = CourseFactory()

    first = admin_client.post(sections_url(course), {"title": "Safety"})
    second = admin_client.post(sections_url(course), {"title": "Pharmacology"})

    assert first.status_code == 201
    assert set(first.json()) == {"id", "course_id", "title", "position", "created_at", "updated_at"}
    assert (first.json()["position"], second.json()["position"]) == (1, 2)
    listed = admin_client.get(sections_url(course)).json()
    assert [row["title"] for row in listed] == ["Safety", "Pharmacology"]


def test_a_section_is_renamed_and_deleted_and_the_rest_move_up(admin_client):
    course = CourseFactory()
    first, second, third = (SectionFactory(course=course) for _ in range(3))

    assert admin_client.patch(f"/api/admin/sections/{second.pk}/", {"title": "Renamed"}).json()["title"] == "Renamed"
    assert admin_client.delete(f"/api/admin/sections/{first.pk}/").status_code == 204

    assert list(Section.objects.filter(course=course).values_list("id", "position")) == [(second.pk, 1), (third.pk, 2)]


def test_deleting_a_section_deletes_its_lessons(admin_client):
    lesson = LessonFactory()

    admin_client.delete(f"/api/admin/sections/{lesson.section_id}/")

    assert not Lesson.objects.exists()


def test_sections_are_reordered_by_naming_every_one_once(admin_client):
    course = CourseFactory()
    a, b, c = (SectionFactory(course=course) for _ in range(3))

    response = admin_client.post(f"{sections_url(course)}reorder/", {"ids": [str(c.pk), str(a.pk), str(b.pk)]})

    assert response.status_code == 200
    assert [row["id"] for row in response.json()] == [str(c.pk), str(a.pk), str(b.pk)]
    assert [row["position"] for row in response.json()] == [1, 2, 3]


@pytest.mark.parametrize("pick", ["missing", "duplicate", "foreign", "empty"])
def test_a_reorder_that_does_not_name_every_section_once_is_400_and_changes_nothing(admin_client, pick):
    course = CourseFactory()
    a, b = SectionFactory(course=course), SectionFactory(course=course)
    ids = {
        "missing": [a.pk],
        "duplicate": [a.pk, a.pk, b.pk],
        "foreign": [a.pk, SectionFactory().pk],
        "empty": [],
    }[pick]

    response = admin_client.post(f"{sections_url(course)}reorder/", {"ids": [str(pk) for pk in ids]})

    assert_error(response, 400, field="ids")
    assert list(Section.objects.filter(course=course).values_list("id", flat=True).order_by("position")) == [a.pk, b.pk]


@pytest.mark.parametrize("body", [{}, {"title": ""}, {"title": "x" * 201}])
def test_a_section_without_a_valid_title_is_400(admin_client, body):
    assert_error(admin_client.post(sections_url(CourseFactory()), body), 400, field="title")
    assert not Section.objects.exists()


def test_sections_of_an_unknown_course_are_404(admin_client):
    assert_error(admin_client.get(f"/api/admin/courses/{uuid.uuid4()}/sections/"), 404)
    assert_error(admin_client.post(f"/api/admin/courses/{uuid.uuid4()}/sections/", {"title": "x"}), 404)


@pytest.mark.parametrize("client_fixture", ["student_client", "tutor_client"])
def test_only_admins_manage_the_outline(request, client_fixture):
    client = request.getfixturevalue(client_fixture)
    lesson = LessonFactory()

    assert_error(client.post(sections_url(lesson.section.course), {"title": "x"}), 403)
    assert_error(client.post(lessons_url(lesson.section), {"title": "x", "kind": "reading", "body": "b"}), 403)
    assert_error(client.delete(f"/api/admin/lessons/{lesson.pk}/"), 403)
    assert Lesson.objects.filter(pk=lesson.pk).exists()


def test_the_outline_api_needs_authentication(api_client):
    assert_error(api_client.get(sections_url(CourseFactory())), 401)


@pytest.mark.parametrize("rows", [1, 6])
def test_section_and_lesson_lists_query_count_does_not_grow(admin_client, django_assert_num_queries, rows):
    course = CourseFactory()
    section = SectionFactory(course=course)
    SectionFactory.create_batch(rows - 1, course=course)
    LessonFactory.create_batch(rows, section=section)

    with django_assert_num_queries(3):  # authenticate, the course, its sections
        assert len(admin_client.get(sections_url(course)).json()) == rows
    with django_assert_num_queries(3):  # authenticate, the section, its lessons
        assert len(admin_client.get(lessons_url(section)).json()) == rows


# --- Lessons ---------------------------------------------------------------------------------------------


def test_a_reading_lesson_is_created_last_in_its_section(admin_client):
    section = SectionFactory()
    LessonFactory(section=section)

    response = admin_client.post(
        lessons_url(section),
        {"title": "Fluid balance", "kind": "reading", "body": "Notes", "duration_seconds": 300, "is_preview": True},
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["position"], body["kind"], body["body"], body["is_preview"]) == (2, "reading", "Notes", True)
    assert body["video_url"] is None and body["file_url"] is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": "Video", "kind": "video"}, "video_url"),
        ({"title": "Reading", "kind": "reading"}, "body"),
        ({"title": "Reading", "kind": "reading", "body": "   "}, "body"),
        ({"title": "File", "kind": "file"}, "file"),
        ({"title": "Bad", "kind": "podcast", "body": "x"}, "kind"),
        ({"kind": "reading", "body": "x"}, "title"),
        ({"title": "Video", "kind": "video", "video_url": "ftp://videos.example.com/a.mp4"}, "video_url"),
        ({"title": "Reading", "kind": "reading", "body": "x", "duration_seconds": -1}, "duration_seconds"),
    ],
)
def test_a_lesson_without_its_content_or_with_bad_fields_is_400(admin_client, body, field):
    assert_error(admin_client.post(lessons_url(SectionFactory()), body), 400, field=field)
    assert not Lesson.objects.exists()


def test_a_lesson_is_changed_by_patch_and_keeps_what_is_left_out(admin_client):
    lesson = LessonFactory(title="Old", duration_seconds=120)

    response = admin_client.patch(f"/api/admin/lessons/{lesson.pk}/", {"title": "New"})

    assert response.status_code == 200
    assert (response.json()["title"], response.json()["duration_seconds"]) == ("New", 120)
    assert response.json()["video_url"] == lesson.video_url


def test_changing_a_lessons_kind_needs_the_new_kinds_content(admin_client):
    lesson = LessonFactory()

    assert_error(admin_client.patch(f"/api/admin/lessons/{lesson.pk}/", {"kind": "file"}), 400, field="file")
    lesson.refresh_from_db()
    assert lesson.kind == "video"


def test_lessons_are_reordered_and_deleting_one_closes_the_gap(admin_client):
    section = SectionFactory()
    a, b, c = (LessonFactory(section=section) for _ in range(3))

    response = admin_client.post(f"{lessons_url(section)}reorder/", {"ids": [str(b.pk), str(c.pk), str(a.pk)]})
    assert [row["id"] for row in response.json()] == [str(b.pk), str(c.pk), str(a.pk)]

    admin_client.delete(f"/api/admin/lessons/{c.pk}/")
    assert list(Lesson.objects.filter(section=section).values_list("id", "position")) == [(b.pk, 1), (a.pk, 2)]


def test_a_reorder_naming_another_sections_lesson_is_400(admin_client):
    section = SectionFactory()
    mine = LessonFactory(section=section)

    response = admin_client.post(f"{lessons_url(section)}reorder/", {"ids": [str(LessonFactory().pk)]})

    assert_error(response, 400, "List every lesson of this section exactly once.")
    mine.refresh_from_db()
    assert mine.position == 1


def test_unknown_section_or_lesson_is_404(admin_client):
    assert_error(admin_client.get(f"/api/admin/sections/{uuid.uuid4()}/lessons/"), 404)
    assert_error(admin_client.patch(f"/api/admin/lessons/{uuid.uuid4()}/", {"title": "x"}), 404)


# --- Uploads ----------------------------------------------------------------------------------------------


def test_an_uploaded_lesson_video_is_stored_and_linked(admin_client, settings):
    response = admin_client.post(
        lessons_url(SectionFactory()), {"title": "Heparin", "kind": "video", "video_file": mp4_upload()}, "multipart"
    )

    assert response.status_code == 201
    lesson = Lesson.objects.get()
    assert lesson.video_file.startswith("course_videos/") and lesson.video_file.endswith(".mp4")
    assert response.json()["video_url"].startswith("http://testserver/")
    assert len(media_files(settings)) == 1


def test_a_pdf_is_stored_for_a_file_lesson(admin_client, settings):
    response = admin_client.post(
        lessons_url(SectionFactory()), {"title": "Notes", "kind": "file", "file": pdf_upload(name="x.exe")}, "multipart"
    )

    assert response.status_code == 201
    lesson = Lesson.objects.get()
    assert lesson.file.startswith("lesson_files/") and lesson.file.endswith(".pdf")
    assert response.json()["file_url"].startswith("http://testserver/")
    assert default_storage.open(lesson.file).read() == PDF


def test_a_file_that_is_not_a_pdf_is_415_whatever_its_name(admin_client, settings, upload_temp_dir):
    response = admin_client.post(
        lessons_url(SectionFactory()),
        {
            "title": "Notes",
            "kind": "file",
            "file": upload(b"<html>not a pdf</html>" * 10, "notes.pdf", "application/pdf"),
        },
        "multipart",
    )

    assert_error(response, 415, "Unsupported file type. Upload a PDF file.")
    assert not Lesson.objects.exists()
    assert media_files(settings) == []
    assert stored_files(upload_temp_dir) == []


def test_a_pdf_over_the_cap_is_413(admin_client, settings, upload_temp_dir):
    settings.MAX_LESSON_FILE_UPLOAD_MB = 1
    big = PDF + b"0" * (1024 * 1024)

    response = admin_client.post(
        lessons_url(SectionFactory()), {"title": "Notes", "kind": "file", "file": pdf_upload(big)}, "multipart"
    )

    assert_error(response, 413, "File is too large (maximum 1 MB).")
    assert media_files(settings) == []


def test_a_lesson_video_that_is_not_a_video_is_415(admin_client, settings):
    response = admin_client.post(
        lessons_url(SectionFactory()), {"title": "V", "kind": "video", "video_file": pdf_upload()}, "multipart"
    )

    assert response.status_code == 415
    assert media_files(settings) == []


def test_deleting_a_lesson_removes_its_files_after_commit(admin_client, settings, django_capture_on_commit_callbacks):
    created = admin_client.post(
        lessons_url(SectionFactory()), {"title": "Notes", "kind": "file", "file": pdf_upload()}, "multipart"
    ).json()

    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.delete(f"/api/admin/lessons/{created['id']}/").status_code == 204

    assert media_files(settings) == []


def test_replacing_a_lessons_pdf_removes_the_old_one(admin_client, settings, django_capture_on_commit_callbacks):
    created = admin_client.post(
        lessons_url(SectionFactory()), {"title": "Notes", "kind": "file", "file": pdf_upload()}, "multipart"
    ).json()
    old = Lesson.objects.get().file

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.patch(f"/api/admin/lessons/{created['id']}/", {"file": pdf_upload()}, "multipart")

    assert response.status_code == 200
    assert not default_storage.exists(old)
    assert len(media_files(settings)) == 1


def test_deleting_a_course_removes_its_lessons_files(admin_client, settings, django_capture_on_commit_callbacks):
    section = SectionFactory()
    admin_client.post(lessons_url(section), {"title": "Notes", "kind": "file", "file": pdf_upload()}, "multipart")

    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.delete(f"/api/admin/courses/{section.course_id}/").status_code == 204

    assert media_files(settings) == []


# --- The admin site ------------------------------------------------------------------------------------------


def test_the_admin_site_edits_a_sections_lessons_inline(admin_user):
    site = Client()
    site.force_login(admin_user)
    lesson = LessonFactory(title="Inline lesson")

    page = site.get(f"/admin/courses/section/{lesson.section_id}/change/")

    assert page.status_code == 200
    assert b"Inline lesson" in page.content
    assert site.get("/admin/courses/lessonprogress/").status_code == 200


def test_a_file_lessons_link_is_a_signed_link_that_serves_the_pdf(admin_client, student_client):
    section = SectionFactory(course=CourseFactory())
    admin_client.post(lessons_url(section), {"title": "Notes", "kind": "file", "file": pdf_upload()}, "multipart")

    outline = student_client.get(f"/api/courses/{section.course_id}/").json()
    file_url = outline["sections"][0]["lessons"][0]["file_url"]

    assert "/api/media/" in file_url
    assert Lesson.objects.get().file not in file_url  # the stored name is inside the signed token only
    response = student_client.get(file_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def test_sending_back_a_lesson_as_read_keeps_its_uploaded_video(admin_client, settings):
    created = admin_client.post(
        lessons_url(SectionFactory()), {"title": "Heparin", "kind": "video", "video_file": mp4_upload()}, "multipart"
    ).json()
    stored = Lesson.objects.get().video_file

    response = admin_client.put(
        f"/api/admin/lessons/{created['id']}/",
        {"title": "Heparin, revised", "kind": "video", "video_url": created["video_url"]},
    )

    assert response.status_code == 200
    assert Lesson.objects.get().video_file == stored
    assert default_storage.exists(stored)


def test_a_new_link_replaces_an_uploaded_lesson_video(admin_client, settings, django_capture_on_commit_callbacks):
    created = admin_client.post(
        lessons_url(SectionFactory()), {"title": "Heparin", "kind": "video", "video_file": mp4_upload()}, "multipart"
    ).json()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.patch(
            f"/api/admin/lessons/{created['id']}/", {"video_url": "https://videos.example.com/new.mp4"}
        )

    assert response.json()["video_url"] == "https://videos.example.com/new.mp4"
    assert media_files(settings) == []


def test_a_lesson_added_in_the_admin_site_lowers_every_students_share(admin_user, student_client, student):
    site = Client()
    site.force_login(admin_user)
    lesson = LessonFactory()
    section = lesson.section
    student_client.put(f"/api/users/me/lessons/{lesson.pk}/progress/", {"completed": True}, format="json")
    form = {
        "course": str(section.course_id),
        "title": section.title,
        "position": section.position,
        "lessons-TOTAL_FORMS": "2",
        "lessons-INITIAL_FORMS": "1",
        "lessons-0-id": str(lesson.pk),
        "lessons-0-section": str(section.pk),
        "lessons-0-position": "1",
        "lessons-0-title": lesson.title,
        "lessons-0-kind": "video",
        "lessons-0-video_url": lesson.video_url,
        "lessons-0-duration_seconds": "600",
        "lessons-1-section": str(section.pk),
        "lessons-1-position": "2",
        "lessons-1-title": "Added in the admin site",
        "lessons-1-kind": "reading",
        "lessons-1-body": "Read this.",
        "lessons-1-duration_seconds": "60",
    }

    response = site.post(f"/admin/courses/section/{section.pk}/change/", form)

    assert response.status_code == 302, response.content[:2000]
    assert Lesson.objects.filter(section=section).count() == 2
    assert student_client.get("/api/users/me/progress/").json()[0]["progress_percentage"] == 50


def test_the_admin_site_refuses_a_lesson_without_its_content(admin_user):
    site = Client()
    site.force_login(admin_user)
    section = SectionFactory()
    form = {
        "course": str(section.course_id),
        "title": section.title,
        "position": section.position,
        "lessons-TOTAL_FORMS": "1",
        "lessons-INITIAL_FORMS": "0",
        "lessons-0-section": str(section.pk),
        "lessons-0-position": "1",
        "lessons-0-title": "No body",
        "lessons-0-kind": "reading",
        "lessons-0-duration_seconds": "60",
    }

    response = site.post(f"/admin/courses/section/{section.pk}/change/", form)

    assert response.status_code == 200  # the form again, with the error
    assert not Lesson.objects.exists()


def test_the_admin_site_refuses_two_lessons_at_one_position(admin_user):
    site = Client()
    site.force_login(admin_user)
    lesson = LessonFactory()
    section = lesson.section
    form = {
        "course": str(section.course_id),
        "title": section.title,
        "position": section.position,
        "lessons-TOTAL_FORMS": "2",
        "lessons-INITIAL_FORMS": "1",
        "lessons-0-id": str(lesson.pk),
        "lessons-0-section": str(section.pk),
        "lessons-0-position": "1",
        "lessons-0-title": lesson.title,
        "lessons-0-kind": "video",
        "lessons-0-video_url": lesson.video_url,
        "lessons-0-duration_seconds": "600",
        "lessons-1-section": str(section.pk),
        "lessons-1-position": "1",
        "lessons-1-title": "Same place",
        "lessons-1-kind": "reading",
        "lessons-1-body": "Read this.",
        "lessons-1-duration_seconds": "60",
    }

    response = site.post(f"/admin/courses/section/{section.pk}/change/", form)

    assert response.status_code == 200  # the form again, with the error
    assert Lesson.objects.count() == 1
