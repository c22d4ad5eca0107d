"""An admin assigns a student's tutor (PATCH /api/admin/users/{id}/ `tutor_id`, or the admin site);
users/me shows it; every change is recorded with when and by whom (CONTRACT §10)."""

import uuid

import pytest
from django.test import Client

from accounts.tests.factories import AdminFactory, TutorFactory, UserFactory
from core.testing import assert_error, bearer_client
from tutors.models import CohortMember, TutorAssignment
from tutors.services import NOT_A_STUDENT, NOT_A_TUTOR
from tutors.tests.factories import CohortFactory

pytestmark = pytest.mark.django_db

ME = "/api/users/me/"


def admin_user_url(user) -> str:
    return f"/api/admin/users/{user.pk}/"


def test_admin_assigns_a_tutor_and_the_student_sees_it(admin_client, admin_user, student, tutor):
    response = admin_client.patch(admin_user_url(student), {"tutor_id": str(tutor.pk)}, format="json")

    assert response.status_code == 200
    assert response.json()["tutor"] == {"id": str(tutor.pk), "full_name": tutor.full_name}
    assert bearer_client(student).get(ME).json()["tutor"] == {"id": str(tutor.pk), "full_name": tutor.full_name}
    (record,) = TutorAssignment.objects.filter(student=student)
    assert (record.tutor, record.previous_tutor, record.assigned_by) == (tutor, None, admin_user)
    assert record.created_at is not None


def test_users_me_shows_no_tutor_as_null(student_client):
    assert student_client.get(ME).json()["tutor"] is None


def test_reassignment_records_the_previous_tutor(admin_client, student, tutor):
    other = TutorFactory()
    admin_client.patch(admin_user_url(student), {"tutor_id": str(tutor.pk)}, format="json")

    admin_client.patch(admin_user_url(student), {"tutor_id": str(other.pk)}, format="json")

    student.refresh_from_db()
    assert student.tutor == other
    latest = TutorAssignment.objects.filter(student=student).order_by("-created_at").first()
    assert (latest.previous_tutor, latest.tutor) == (tutor, other)
    assert TutorAssignment.objects.filter(student=student).count() == 2


def test_null_unassigns_and_is_recorded(admin_client, student, tutor):
    admin_client.patch(admin_user_url(student), {"tutor_id": str(tutor.pk)}, format="json")

    response = admin_client.patch(admin_user_url(student), {"tutor_id": None}, format="json")

    assert response.json()["tutor"] is None
    student.refresh_from_db()
    assert student.tutor is None
    assert TutorAssignment.objects.filter(student=student, tutor=None, previous_tutor=tutor).exists()


def test_assigning_the_same_tutor_again_records_nothing(admin_client, student, tutor):
    for _ in range(2):
        admin_client.patch(admin_user_url(student), {"tutor_id": str(tutor.pk)}, format="json")
    assert TutorAssignment.objects.filter(student=student).count() == 1


def test_a_patch_without_tutor_id_leaves_the_tutor(admin_client, student, tutor):
    admin_client.patch(admin_user_url(student), {"tutor_id": str(tutor.pk)}, format="json")

    admin_client.patch(admin_user_url(student), {"is_active": True}, format="json")

    student.refresh_from_db()
    assert student.tutor == tutor


@pytest.mark.parametrize(
    "make_target",
    [
        lambda: UserFactory(),
        lambda: AdminFactory(),
        lambda: TutorFactory(is_active=False),
        lambda: type("Unknown", (), {"pk": uuid.uuid4()})(),
    ],
    ids=["student", "admin", "inactive-tutor", "unknown"],
)
def test_a_non_tutor_is_a_400_naming_tutor_id(admin_client, student, make_target):
    target = make_target()

    response = admin_client.patch(admin_user_url(student), {"tutor_id": str(target.pk)}, format="json")

    body = assert_error(response, 400, NOT_A_TUTOR, field="tutor_id")
    assert body["errors"]["tutor_id"] == [NOT_A_TUTOR]
    student.refresh_from_db()
    assert student.tutor is None
    assert not TutorAssignment.objects.exists()


def test_only_students_get_a_tutor(admin_client, tutor):
    other_tutor = TutorFactory()

    response = admin_client.patch(admin_user_url(other_tutor), {"tutor_id": str(tutor.pk)}, format="json")

    assert_error(response, 400, NOT_A_STUDENT, field="tutor_id")
    other_tutor.refresh_from_db()
    assert other_tutor.tutor is None


def test_a_refused_tutor_leaves_the_rest_of_the_patch_unwritten(admin_client, student):
    response = admin_client.patch(
        admin_user_url(student), {"is_active": False, "tutor_id": str(uuid.uuid4())}, format="json"
    )

    assert_error(response, 400, field="tutor_id")
    student.refresh_from_db()
    assert student.is_active is True


def test_tutor_id_must_be_a_uuid(admin_client, student):
    assert_error(
        admin_client.patch(admin_user_url(student), {"tutor_id": "nope"}, format="json"), 400, field="tutor_id"
    )


@pytest.mark.parametrize("client_fixture", ["student_client", "tutor_client"])
def test_only_admins_assign(request, client_fixture, student, tutor):
    client = request.getfixturevalue(client_fixture)

    assert_error(client.patch(admin_user_url(student), {"tutor_id": str(tutor.pk)}, format="json"), 403)
    student.refresh_from_db()
    assert student.tutor is None


def test_students_cannot_set_their_own_tutor_at_users_me(student_client, student, tutor):
    response = student_client.patch(ME, {"tutor": {"id": str(tutor.pk)}, "tutor_id": str(tutor.pk)}, format="json")

    assert response.status_code == 200
    student.refresh_from_db()
    assert student.tutor is None


def test_an_individual_reassignment_takes_the_student_out_of_their_cohort(admin_client, admin_user, student):
    cohort = CohortFactory()
    admin_client.patch(f"/api/admin/cohorts/{cohort.pk}/", {"student_ids": [str(student.pk)]}, format="json")
    other = TutorFactory()

    admin_client.patch(admin_user_url(student), {"tutor_id": str(other.pk)}, format="json")

    assert not CohortMember.objects.filter(student=student).exists()


def test_the_admin_list_shows_each_users_tutor(admin_client, student, tutor):
    admin_client.patch(admin_user_url(student), {"tutor_id": str(tutor.pk)}, format="json")

    rows = {row["id"]: row for row in admin_client.get("/api/admin/users/").json()}

    assert rows[str(student.pk)]["tutor"] == {"id": str(tutor.pk), "full_name": tutor.full_name}
    assert rows[str(tutor.pk)]["tutor"] is None


# --- The admin site -------------------------------------------------------------------------------


def _site(admin_user) -> Client:
    client = Client()
    client.force_login(admin_user)
    return client


def _change_form(user, **changes) -> dict:
    data = {
        "email": user.email,
        "full_name": user.full_name,
        "role": user.role,
        "is_active": "on",
        "email_verified": "on",
        "tutor": "",
        "bio": user.bio,
        "photo_url": user.photo_url,
        "subjects": "[]",
        "unread_message_emails": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_the_admin_site_assigns_through_the_service(admin_user, student, tutor):
    site = _site(admin_user)

    response = site.post(f"/admin/accounts/user/{student.pk}/change/", _change_form(student, tutor=str(tutor.pk)))

    assert response.status_code == 302, response.content.decode()[:2000]
    student.refresh_from_db()
    assert student.tutor == tutor
    (record,) = TutorAssignment.objects.filter(student=student)
    assert (record.tutor, record.previous_tutor, record.assigned_by) == (tutor, None, admin_user)


def test_the_admin_site_refuses_a_non_tutor(admin_user, student):
    site = _site(admin_user)
    other_student = UserFactory()

    response = site.post(
        f"/admin/accounts/user/{student.pk}/change/", _change_form(student, tutor=str(other_student.pk))
    )

    assert response.status_code == 200  # the form again, with its error
    student.refresh_from_db()
    assert student.tutor is None
    assert not TutorAssignment.objects.exists()


def test_the_admin_site_shows_the_history_read_only(admin_user, admin_client, student, tutor):
    admin_client.patch(admin_user_url(student), {"tutor_id": str(tutor.pk)}, format="json")
    site = _site(admin_user)

    assert site.get("/admin/tutors/tutorassignment/").status_code == 200
    record = TutorAssignment.objects.get()
    assert site.post(f"/admin/tutors/tutorassignment/{record.pk}/delete/", {"post": "yes"}).status_code == 403
