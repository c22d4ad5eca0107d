"""Student import (CONTRACT §9): a CSV or XLSX sheet, validated whole before anything is written,
matched by email so a re-upload never duplicates, each new student emailed a set-password link."""

import io
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.mail.backends import locmem
from django.db import connection
from openpyxl import Workbook

from accounts.models import User
from accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from admissions import imports
from core.testing import assert_error
from courses.models import Enrollment, PlanGrant
from courses.tests.factories import PaidCourseFactory
from courses.tests.plan_factories import PlanFactory, PlanGrantFactory

pytestmark = pytest.mark.django_db

IMPORT = "/api/admin/users/import/"
HEADER = "full_name,email,phone_number,course_ids,plan_id\n"


def csv_file(text: str, name: str = "students.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def xlsx_file(rows: list[list]) -> SimpleUploadedFile:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile("students.xlsx", out.getvalue(), content_type="application/octet-stream")


def upload(client, file, dry_run: bool = False):
    path = f"{IMPORT}?dry_run=true" if dry_run else IMPORT
    return client.post(path, {"file": file}, format="multipart")


def test_import_creates_students_enrolls_and_grants(admin_client, admin_user, settings):
    course, plan = PaidCourseFactory(), PlanFactory(duration_days=30)
    text = HEADER + (f"Ada Obi,ADA@Example.com,+234 803 123 4567,{course.pk},{plan.pk}\nBen Eze,ben@example.com,,,\n")

    response = upload(admin_client, csv_file(text))

    assert response.status_code == 200, response.content
    assert response.json() == {"created": 2, "existing": 0, "granted": 2, "dry_run": False}
    ada = User.objects.get(email="ada@example.com")
    assert ada.full_name == "Ada Obi" and not ada.has_usable_password() and ada.role == "user"
    assert Enrollment.objects.get(user=ada).course == course
    grant = PlanGrant.objects.get(user=ada)
    assert grant.source == "admin" and grant.granted_by == admin_user and grant.ends_at is not None
    assert ada.phone_number == "+2348031234567"


def test_each_new_student_gets_a_set_password_link_that_works(
    admin_client, api_client, settings, django_capture_on_commit_callbacks
):
    settings.FRONTEND_URL = "https://school.example.com"
    with django_capture_on_commit_callbacks(execute=True):
        upload(admin_client, csv_file(HEADER + "Ada Obi,ada@example.com,,,\n"))

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ada@example.com"]
    link = re.search(r"https://school\.example\.com/auth/update-password\?token=(\S+)", message.body)
    assert link, message.body
    from urllib.parse import unquote

    response = api_client.post(
        "/api/auth/reset-password/confirm/",
        {"token": unquote(link.group(1)), "new_password": DEFAULT_PASSWORD, "confirm_new_password": DEFAULT_PASSWORD},
        format="json",
    )
    assert response.status_code == 200, response.content
    login = api_client.post(
        "/api/auth/login/", {"email": "ada@example.com", "password": DEFAULT_PASSWORD}, format="json"
    )
    assert login.status_code == 200, login.content


def test_existing_students_are_matched_by_email_and_never_duplicated(admin_client):
    known = UserFactory(email="ada@example.com", full_name="Ada Original")
    course = PaidCourseFactory()
    text = HEADER + f"Ada Renamed,Ada@EXAMPLE.com,,{course.pk},\n"

    first = upload(admin_client, csv_file(text)).json()
    again = upload(admin_client, csv_file(text)).json()

    assert first == {"created": 0, "existing": 1, "granted": 1, "dry_run": False}
    assert again == {"created": 0, "existing": 1, "granted": 0, "dry_run": False}
    assert User.objects.filter(email="ada@example.com").count() == 1
    known.refresh_from_db()
    assert known.full_name == "Ada Original" and known.check_password(DEFAULT_PASSWORD)
    assert Enrollment.objects.filter(user=known).count() == 1
    assert not mail.outbox


def test_a_reupload_grants_a_held_plan_no_second_time(admin_client):
    plan = PlanFactory()
    student = UserFactory(email="ada@example.com")
    PlanGrantFactory(user=student, plan=plan)
    body = upload(admin_client, csv_file(HEADER + f"Ada,ada@example.com,,,{plan.pk}\n")).json()
    assert body["granted"] == 0
    assert PlanGrant.objects.filter(user=student).count() == 1


def test_a_bad_row_writes_nothing_and_every_bad_row_is_listed(admin_client):
    course = PaidCourseFactory()
    text = HEADER + (
        f"Ada Obi,ada@example.com,,{course.pk},\n"
        ",ben@example.com,,,\n"
        "Chi,not-an-email,,,\n"
        "Dan,dan@example.com,08031234567,,\n"
        "Eve,ADA@example.com,,,\n"
        "Fay,fay@example.com,,00000000-0000-0000-0000-000000000000;nope,\n"
        "Gus,gus@example.com,,,00000000-0000-0000-0000-000000000000\n"
    )

    response = upload(admin_client, csv_file(text))

    body = assert_error(response, 400, imports.BAD_ROWS)
    rows = {row["row"]: row["errors"] for row in body["errors"]["rows"]}
    assert set(rows) == {3, 4, 5, 6, 7, 8}
    assert "full_name" in rows[3] and "email" in rows[4] and "phone_number" in rows[5]
    assert rows[6]["email"] == ["This email is also on row 2."]
    assert "course_ids" in rows[7] and "plan_id" in rows[8]
    assert not User.objects.filter(role="user").exists()
    assert not Enrollment.objects.exists()
    assert not mail.outbox


def test_dry_run_reports_the_same_and_writes_nothing(admin_client):
    UserFactory(email="known@example.com")
    course = PaidCourseFactory()
    text = HEADER + f"Ada,ada@example.com,,{course.pk},\nKnown,known@example.com,,{course.pk},\n"
    bad = HEADER + "Ada,nope,,,\n"

    dry = upload(admin_client, csv_file(text), dry_run=True)

    assert dry.json() == {"created": 1, "existing": 1, "granted": 2, "dry_run": True}
    assert User.objects.count() == 2 and not Enrollment.objects.exists() and not mail.outbox
    assert upload(admin_client, csv_file(text)).json() == {**dry.json(), "dry_run": False}
    assert_error(upload(admin_client, csv_file(bad), dry_run=True), 400, imports.BAD_ROWS)


def test_xlsx_sheets_are_imported(admin_client):
    file = xlsx_file([["full_name", "email", "phone_number"], ["Ada Obi", "ada@example.com", "+447911123456"]])
    assert upload(admin_client, file).json()["created"] == 1
    assert User.objects.filter(email="ada@example.com").exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", None),  # DRF: "The submitted file is empty."
        ("\n\n", "The file is empty."),
        ("full_name,phone_number\nAda,\n", "Missing column: email."),
        ("full_name,email,age\nAda,ada@example.com,30\n", "Unknown column: age."),
    ],
)
def test_a_sheet_without_the_columns_is_refused(admin_client, text, message):
    assert_error(upload(admin_client, csv_file(text)), 400, message, field="file")


def test_too_many_rows_are_refused(admin_client, settings):
    settings.IMPORT_MAX_ROWS = 2
    text = HEADER + "".join(f"S{i},s{i}@example.com,,,\n" for i in range(3))
    assert_error(upload(admin_client, csv_file(text)), 400, "At most 2 rows per file.")


def test_other_files_are_unsupported_and_large_ones_too_large(admin_client, settings):
    assert_error(upload(admin_client, csv_file("\xff\xfe")), 400)  # valid UTF-8 text of no columns
    binary = SimpleUploadedFile("a.csv", b"\xff\xfe\x00\x00junk", content_type="text/csv")
    assert_error(upload(admin_client, binary), 415)
    fake_zip = SimpleUploadedFile("a.xlsx", b"PK\x03\x04not a workbook", content_type="application/zip")
    assert_error(upload(admin_client, fake_zip), 415)
    settings.STUDENT_IMPORT_MAX_BYTES = 10
    assert_error(upload(admin_client, csv_file(HEADER + "Ada,ada@example.com,,,\n")), 413, imports.FILE_TOO_LARGE)


def test_an_upload_over_the_limit_is_refused_before_it_is_read(admin_client, settings, monkeypatch):
    monkeypatch.setattr(imports, "students_import", lambda **kwargs: pytest.fail("the upload was read"))
    settings.STUDENT_IMPORT_MAX_BYTES = 1024 * 1024
    body = HEADER + "Ada,ada@example.com,,,\n" * 60_000  # about 1.4 MB
    response = upload(admin_client, csv_file(body))
    assert_error(response, 413, imports.FILE_TOO_LARGE)
    assert not User.objects.filter(email="ada@example.com").exists()


def test_only_admins_import(api_client, student_client, tutor_client):
    for client, status in [(api_client, 401), (student_client, 403), (tutor_client, 403)]:
        assert_error(upload(client, csv_file(HEADER + "Ada,ada@example.com,,,\n")), status)
    assert not User.objects.filter(email="ada@example.com").exists()


def test_a_file_is_required(admin_client):
    assert_error(admin_client.post(IMPORT, {}, format="multipart"), 400, field="file")


def sheet(count: int, course, plan) -> str:
    return HEADER + "".join(f"Student {i},s{i}@example.com,,{course.pk},{plan.pk}\n" for i in range(count))


@pytest.mark.parametrize("count", [5, 40])
def test_an_import_batch_costs_the_same_queries_whatever_its_size(
    admin_client, django_assert_num_queries, django_capture_on_commit_callbacks, count
):
    course, plan = PaidCourseFactory(), PlanFactory()
    UserFactory(email="s0@example.com")  # one existing student in each size
    # Auth; validation: courses, plans; in a savepoint: plans, users, insert, lock, enrollments, the
    # enrollments insert, then plan_grants_bulk (savepoint, its lock, holders, insert, release); then
    # the welcome emails task reads its users.
    with django_assert_num_queries(17), django_capture_on_commit_callbacks(execute=True):
        body = upload(admin_client, csv_file(sheet(count, course, plan))).json()
    assert body == {"created": count - 1, "existing": 1, "granted": 2 * count, "dry_run": False}
    assert len(mail.outbox) == count - 1


def test_queries_grow_per_batch_not_per_row(admin_client, django_assert_num_queries, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite splits a bulk insert by its limit on query variables")
    monkeypatch.setattr(imports, "BATCH_SIZE", 500)
    course, plan = PaidCourseFactory(), PlanFactory()
    # 2,000 rows: the fixed part as above (6), and four batches of ten queries.
    with django_assert_num_queries(6 + 4 * 10):
        body = upload(admin_client, csv_file(sheet(2000, course, plan))).json()
    assert body["created"] == 2000 and body["granted"] == 4000
    assert User.objects.filter(email__startswith="s").count() == 2000
    assert Enrollment.objects.filter(course=course).count() == 2000


class FlakyBackend(locmem.EmailBackend):
    """Fails once, at the second message: the mail server dropping part-way through a task."""

    failed = False

    def send_messages(self, messages):
        if len(mail.outbox) == 1 and not FlakyBackend.failed:
            FlakyBackend.failed = True
            raise OSError("connection reset")
        return super().send_messages(messages)


def test_welcome_emails_resume_after_a_mail_server_failure_without_repeats(
    admin_client, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = f"{__name__}.FlakyBackend"
    text = HEADER + "".join(f"S{i},s{i}@example.com,,,\n" for i in range(3))

    with django_capture_on_commit_callbacks(execute=True):
        upload(admin_client, csv_file(text))

    assert FlakyBackend.failed
    assert sorted(message.to[0] for message in mail.outbox) == ["s0@example.com", "s1@example.com", "s2@example.com"]
