"""GET /api/tutors/: active tutors with their profile; tutors edit it at users/me (CONTRACT §10)."""

import pytest

from accounts.tests.factories import AdminFactory, TutorFactory, UserFactory
from core.testing import assert_error

pytestmark = pytest.mark.django_db

URL = "/api/tutors/"
ME = "/api/users/me/"


def test_directory_lists_active_tutors_by_name_with_their_profile(student_client):
    TutorFactory(full_name="Zed Zulu", bio="ICU nurse.", subjects=["NCLEX-RN"], photo_url="https://cdn.example/z.jpg")
    TutorFactory(full_name="Amy Alpha")
    TutorFactory(full_name="Gone Tutor", is_active=False)
    UserFactory(full_name="A Student")
    AdminFactory(full_name="An Admin")

    response = student_client.get(URL)

    assert response.status_code == 200
    assert [row["full_name"] for row in response.json()] == ["Amy Alpha", "Zed Zulu"]
    zed = response.json()[1]
    assert set(zed) == {"id", "full_name", "bio", "photo_url", "subjects"}
    assert zed["bio"] == "ICU nurse."
    assert zed["subjects"] == ["NCLEX-RN"]
    assert zed["photo_url"] == "https://cdn.example/z.jpg"


def test_directory_pages_with_limit(student_client):
    TutorFactory.create_batch(3)

    body = student_client.get(URL, {"limit": 2}).json()

    assert body["count"] == 3
    assert len(body["results"]) == 2


def test_directory_needs_a_sign_in(api_client):
    assert_error(api_client.get(URL), 401)


@pytest.mark.parametrize("rows", [2, 30])
def test_directory_is_one_query_whatever_the_number_of_tutors(student_client, django_assert_num_queries, rows):
    TutorFactory.create_batch(rows)
    with django_assert_num_queries(2):  # the student's authentication; the tutors
        response = student_client.get(URL)
    assert len(response.json()) == rows


def test_tutor_edits_their_profile_at_users_me(tutor_client, tutor):
    response = tutor_client.patch(
        ME,
        {"bio": "  Pharmacology first.  ", "photo_url": "https://cdn.example/me.png", "subjects": ["NCLEX-PN"]},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["bio"] == "Pharmacology first."
    tutor.refresh_from_db()
    assert (tutor.bio, tutor.photo_url, tutor.subjects) == (
        "Pharmacology first.",
        "https://cdn.example/me.png",
        ["NCLEX-PN"],
    )
    assert tutor_client.get(URL).json()[0]["bio"] == "Pharmacology first."


def test_students_profile_fields_are_ignored(student_client, student):
    response = student_client.patch(
        ME, {"bio": "I am a tutor now", "subjects": ["x"], "full_name": "Sam"}, format="json"
    )

    assert response.status_code == 200
    student.refresh_from_db()
    assert (student.bio, student.subjects, student.full_name) == ("", [], "Sam")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"photo_url": "javascript:alert(1)"}, "photo_url"),
        ({"photo_url": "ftp://example.com/a.png"}, "photo_url"),
        ({"bio": "x" * 2001}, "bio"),
        ({"subjects": "NCLEX-RN"}, "subjects"),
        ({"subjects": [""]}, "subjects"),
        ({"subjects": ["s"] * 21}, "subjects"),
        ({"subjects": ["x" * 61]}, "subjects"),
    ],
)
def test_a_bad_profile_is_a_400_naming_the_field(tutor_client, tutor, body, field):
    assert_error(tutor_client.patch(ME, body, format="json"), 400, field=field)
    tutor.refresh_from_db()
    assert (tutor.bio, tutor.photo_url, tutor.subjects) == ("", "", [])


def test_anyone_opts_out_of_unread_message_emails_at_users_me(student_client, student):
    assert student_client.get(ME).json()["unread_message_emails"] is True

    response = student_client.patch(ME, {"unread_message_emails": False}, format="json")

    assert response.json()["unread_message_emails"] is False
    student.refresh_from_db()
    assert student.unread_message_emails is False
