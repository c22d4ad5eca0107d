"""Certificates (CONTRACT §11): issued once at 100 %, a PDF that states what it certifies, a public
check by number that reveals nothing more, and revocation by an admin."""

import io
import re
import unicodedata

import pytest
from django.test import Client
from pypdf import PdfReader

from accounts.tests.factories import UserFactory
from core.testing import assert_error, bearer_client
from courses.models import Certificate
from courses.progress import certificate_number
from courses.tests.factories import CourseFactory
from courses.tests.lesson_factories import CertificateFactory, course_with_lessons

pytestmark = pytest.mark.django_db

CERTIFICATE_FIELDS = {"id", "number", "course_id", "course_title", "full_name", "issued_at", "valid"}


def finish(client, course):
    response = client.put(f"/api/users/me/progress/{course.pk}/", {"progress_percentage": 100}, format="json")
    assert response.status_code == 200
    return response


def complete(client, lesson, completed=True):
    return client.put(f"/api/users/me/lessons/{lesson.pk}/progress/", {"completed": completed}, format="json")


def my_certificates(client) -> list:
    response = client.get("/api/users/me/certificates/")
    assert response.status_code == 200
    return response.json()


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_finishing_a_course_issues_one_certificate_in_the_contract_shape(student_client, student):
    course = CourseFactory(title="Pharmacology Mastery")

    finish(student_client, course)

    [certificate] = my_certificates(student_client)
    assert set(certificate) == CERTIFICATE_FIELDS
    assert certificate["course_id"] == str(course.pk)
    assert certificate["course_title"] == "Pharmacology Mastery"
    assert certificate["full_name"] == student.full_name
    assert certificate["valid"] is True
    assert re.fullmatch(r"NCLEX(-[A-HJ-KM-NP-Z2-9]{4}){4}", certificate["number"])


def test_completing_the_last_lesson_issues_the_certificate(student_client, student):
    _, lessons = course_with_lessons(2)
    complete(student_client, lessons[0])
    assert my_certificates(student_client) == []

    complete(student_client, lessons[1])

    assert len(my_certificates(student_client)) == 1


def test_the_certificate_is_kept_when_progress_drops_and_not_issued_again(student_client, student):
    course, lessons = course_with_lessons(2)
    finish(student_client, course)
    [first] = my_certificates(student_client)

    complete(student_client, lessons[0], completed=False)
    finish(student_client, course)

    assert my_certificates(student_client) == [first]
    assert Certificate.objects.count() == 1


def test_below_100_no_certificate(student_client):
    student_client.put(f"/api/users/me/progress/{CourseFactory().pk}/", {"progress_percentage": 99}, format="json")

    assert my_certificates(student_client) == []


def test_the_name_and_title_are_those_of_the_day_it_was_issued(student_client, student):
    course = CourseFactory(title="Old title")
    finish(student_client, course)
    course.title = "New title"
    course.save()
    student.full_name = "Renamed Nurse"
    student.save()

    [certificate] = my_certificates(student_client)
    assert (certificate["course_title"], certificate["full_name"]) != ("New title", "Renamed Nurse")


def test_numbers_are_distinct_and_unguessable():
    numbers = {certificate_number() for _ in range(2_000)}

    assert len(numbers) == 2_000


def test_i_never_see_another_students_certificates(student_client):
    CertificateFactory()

    assert my_certificates(student_client) == []


@pytest.mark.parametrize("rows", [1, 5])
def test_my_certificates_query_count_does_not_grow(student_client, student, django_assert_num_queries, rows):
    CertificateFactory.create_batch(rows, user=student)

    with django_assert_num_queries(2):  # authenticate, the rows
        assert len(my_certificates(student_client)) == rows


def test_certificates_need_authentication(api_client):
    assert_error(api_client.get("/api/users/me/certificates/"), 401)


# --- The PDF ---------------------------------------------------------------------------------------------


def test_the_pdf_states_the_name_the_course_the_date_and_where_to_check_it(student_client, student):
    student.full_name = "Amaka Okafor"
    student.save()
    finish(student_client, CourseFactory(title="NCLEX-RN Fundamentals"))
    [certificate] = my_certificates(student_client)

    response = student_client.get(f"/api/users/me/certificates/{certificate['id']}/pdf/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert certificate["number"] in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF-")
    text = pdf_text(response.content)
    issued = Certificate.objects.get().issued_at
    assert "Certificate of Completion" in text
    assert "Amaka Okafor" in text
    assert "NCLEX-RN Fundamentals" in text
    assert f"Issued on {issued:%d %B %Y}" in text
    assert f"http://testserver/api/certificates/{certificate['number']}/" in text


@pytest.mark.parametrize(
    ("full_name", "course_title"),
    [
        ("Adéwálé Ògúnṣọlá", "Ìtọ́jú Aláìsàn"),  # Yoruba, its tone marks precomposed
        ("Fo\u0323\u0301la\u0301ke\u0323\u0301 Ọkọnkwọ", "Pharmacology"),  # typed with combining marks
        ("Chịnụ Ńnàmdị", "Ọrụ Nọọsụ"),  # Igbo
        ("Ɗanjuma Ƙwairanga", "Pharmacology"),  # Hausa
        ("Nguyễn Thị Hằng", "Điều dưỡng cơ bản"),  # Vietnamese
        ("Łucja Wójcik", "Ελένη: Φαρμακολογία"),  # Polish, Greek
        ("Анна Коваленко", "Pharmacology"),  # Cyrillic
    ],
    ids=["yoruba", "combining-marks", "igbo", "hausa", "vietnamese", "polish-greek", "cyrillic"],
)
def test_names_and_titles_beyond_latin_1_are_written_out_not_drawn_as_boxes(student_client, full_name, course_title):
    certificate = CertificateFactory(user=student_client.user, full_name=full_name, course_title=course_title)

    response = student_client.get(f"/api/users/me/certificates/{certificate.pk}/pdf/")

    assert response.status_code == 200
    text = pdf_text(response.content)
    assert unicodedata.normalize("NFC", full_name) in text
    assert course_title in text
    assert b"/FontFile2" in response.content  # a DejaVu subset is embedded for them


def test_a_latin_1_certificate_uses_the_standard_fonts_and_embeds_none(student_client):
    certificate = CertificateFactory(user=student_client.user, full_name="Zoë Müller-Ñúñez", course_title="Pédiatrie")

    response = student_client.get(f"/api/users/me/certificates/{certificate.pk}/pdf/")

    assert "Zoë Müller-Ñúñez" in pdf_text(response.content)
    assert b"/FontFile2" not in response.content


def test_the_pdf_links_to_the_configured_verification_page(student_client, settings):
    settings.CERTIFICATE_VERIFICATION_URL = "https://school.example.com/verify/{number}"
    certificate = CertificateFactory(user=student_client.user)

    response = student_client.get(f"/api/users/me/certificates/{certificate.pk}/pdf/")

    assert f"https://school.example.com/verify/{certificate.number}" in pdf_text(response.content)


def test_another_students_pdf_is_404_even_for_an_admin(student_client, admin_client):
    certificate = CertificateFactory()

    assert_error(student_client.get(f"/api/users/me/certificates/{certificate.pk}/pdf/"), 404)
    assert_error(admin_client.get(f"/api/users/me/certificates/{certificate.pk}/pdf/"), 404)


def test_a_revoked_certificates_pdf_is_409(student_client):
    certificate = CertificateFactory(user=student_client.user, revoked_at="2026-01-01T00:00:00Z")

    assert_error(
        student_client.get(f"/api/users/me/certificates/{certificate.pk}/pdf/"),
        409,
        "This certificate has been revoked.",
    )


# --- Public verification ------------------------------------------------------------------------------------


def test_anyone_checks_a_certificate_by_number_and_learns_only_what_it_states(api_client):
    certificate = CertificateFactory(full_name="Kofi Mensah", course_title="Pharmacology Mastery")

    response = api_client.get(f"/api/certificates/{certificate.number}/")

    assert response.status_code == 200
    assert response.json() == {
        "number": certificate.number,
        "full_name": "Kofi Mensah",
        "course_title": "Pharmacology Mastery",
        "issued_at": response.json()["issued_at"],
        "valid": True,
    }


def test_a_number_typed_in_lower_case_with_spaces_is_found(api_client):
    certificate = CertificateFactory()

    assert api_client.get(f"/api/certificates/%20{certificate.number.lower()}%20/").status_code == 200


@pytest.mark.parametrize("number", ["NCLEX-AAAA-AAAA-AAAA-AAAA", "nope", "a%00b"])
def test_an_unknown_or_malformed_number_is_404(api_client, number):
    CertificateFactory()

    assert_error(api_client.get(f"/api/certificates/{number}/"), 404, "Not found.")


def test_the_check_is_throttled_per_address(api_client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "certificate_verification": "2/min",
        },
    }
    number = CertificateFactory().number

    statuses = [api_client.get(f"/api/certificates/{number}/").status_code for _ in range(3)]

    assert statuses == [200, 200, 429]


# --- Revocation --------------------------------------------------------------------------------------------


def test_an_admin_revokes_a_certificate_and_the_check_says_invalid(admin_client, api_client):
    certificate = CertificateFactory()

    response = admin_client.post(f"/api/admin/certificates/{certificate.pk}/revoke/")

    assert response.status_code == 200
    assert response.json()["valid"] is False
    assert response.json()["revoked_at"] is not None
    assert api_client.get(f"/api/certificates/{certificate.number}/").json()["valid"] is False
    assert my_certificates(bearer_client(certificate.user))[0]["valid"] is False


def test_revoking_twice_is_400(admin_client):
    certificate = CertificateFactory()
    admin_client.post(f"/api/admin/certificates/{certificate.pk}/revoke/")

    assert_error(
        admin_client.post(f"/api/admin/certificates/{certificate.pk}/revoke/"),
        400,
        "This certificate is already revoked.",
    )


@pytest.mark.parametrize("client_fixture", ["student_client", "tutor_client"])
def test_only_admins_revoke(request, client_fixture):
    certificate = CertificateFactory()

    assert_error(request.getfixturevalue(client_fixture).post(f"/api/admin/certificates/{certificate.pk}/revoke/"), 403)
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_finishing_again_does_not_undo_a_revocation(student_client, admin_client):
    course = CourseFactory()
    finish(student_client, course)
    admin_client.post(f"/api/admin/certificates/{Certificate.objects.get().pk}/revoke/")
    student_client.put(f"/api/users/me/progress/{course.pk}/", {"progress_percentage": 0}, format="json")

    finish(student_client, course)

    assert [c["valid"] for c in my_certificates(student_client)] == [False]


def test_the_admin_site_lists_certificates_and_revokes_the_selected_ones(admin_user):
    site = Client()
    site.force_login(admin_user)
    certificate, other = CertificateFactory(), CertificateFactory(user=UserFactory())

    assert site.get("/admin/courses/certificate/?q=NCLEX").status_code == 200
    response = site.post(
        "/admin/courses/certificate/", {"action": "revoke", "_selected_action": [str(certificate.pk)]}, follow=True
    )

    assert response.status_code == 200
    certificate.refresh_from_db()
    other.refresh_from_db()
    assert certificate.revoked_at is not None
    assert other.revoked_at is None
