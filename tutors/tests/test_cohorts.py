"""Cohorts: a named group with a tutor; joining one assigns the student to its tutor (recorded).
Admins manage them at /api/admin/cohorts/; a tutor lists their own at /api/tutor/cohorts/."""

import uuid

import pytest

from accounts.tests.factories import TutorFactory, UserFactory
from core.testing import assert_error
from tutors.models import Cohort, CohortMember, TutorAssignment
from tutors.services import COHORT_NAME_TAKEN, NOT_A_TUTOR
from tutors.tests.factories import CohortFactory

pytestmark = pytest.mark.django_db

LIST = "/api/admin/cohorts/"


def detail(cohort) -> str:
    return f"/api/admin/cohorts/{cohort.pk}/"


def test_creating_a_cohort_assigns_its_students_to_its_tutor(admin_client, admin_user, tutor):
    students = UserFactory.create_batch(3)

    response = admin_client.post(
        LIST,
        {"name": "RN — May intake", "tutor_id": str(tutor.pk), "student_ids": [str(s.pk) for s in students]},
        format="json",
    )

    assert response.status_code == 201
    body = response.json()
    assert body["name"] == "RN — May intake"
    assert body["tutor"] == {"id": str(tutor.pk), "full_name": tutor.full_name}
    assert sorted(body["student_ids"]) == sorted(str(s.pk) for s in students)
    for student in students:
        student.refresh_from_db()
        assert student.tutor == tutor
        record = TutorAssignment.objects.get(student=student)
        assert (record.tutor, record.assigned_by, record.cohort.name) == (tutor, admin_user, "RN — May intake")


def test_cohort_names_are_unique_ignoring_case(admin_client, tutor):
    CohortFactory(name="RN — May intake")

    response = admin_client.post(LIST, {"name": "rn — may INTAKE", "tutor_id": str(tutor.pk)}, format="json")

    assert_error(response, 400, COHORT_NAME_TAKEN, field="name")
    assert Cohort.objects.count() == 1


def test_a_cohort_needs_an_active_tutor(admin_client):
    response = admin_client.post(LIST, {"name": "X", "tutor_id": str(UserFactory().pk)}, format="json")

    assert_error(response, 400, NOT_A_TUTOR, field="tutor_id")
    assert not Cohort.objects.exists()


def test_members_must_be_students_and_nothing_is_written_otherwise(admin_client, tutor):
    student = UserFactory()
    not_student = TutorFactory()

    response = admin_client.post(
        LIST,
        {
            "name": "X",
            "tutor_id": str(tutor.pk),
            "student_ids": [str(student.pk), str(not_student.pk), str(uuid.uuid4())],
        },
        format="json",
    )

    assert_error(response, 400, field="student_ids")
    assert not Cohort.objects.exists()
    student.refresh_from_db()
    assert student.tutor is None
    assert not TutorAssignment.objects.exists()


def test_a_blank_name_is_a_400(admin_client, tutor):
    assert_error(admin_client.post(LIST, {"name": "  ", "tutor_id": str(tutor.pk)}, format="json"), 400, field="name")


def test_changing_the_tutor_reassigns_every_member(admin_client, tutor):
    students = UserFactory.create_batch(2)
    cohort_id = admin_client.post(
        LIST, {"name": "PN", "tutor_id": str(tutor.pk), "student_ids": [str(s.pk) for s in students]}, format="json"
    ).json()["id"]
    new_tutor = TutorFactory()

    response = admin_client.patch(f"{LIST}{cohort_id}/", {"tutor_id": str(new_tutor.pk)}, format="json")

    assert response.status_code == 200
    for student in students:
        student.refresh_from_db()
        assert student.tutor == new_tutor
        assert TutorAssignment.objects.filter(student=student).count() == 2


def test_replacing_members_moves_a_student_from_another_cohort(admin_client):
    student = UserFactory()
    first, second = CohortFactory(), CohortFactory()
    admin_client.patch(detail(first), {"student_ids": [str(student.pk)]}, format="json")

    admin_client.patch(detail(second), {"student_ids": [str(student.pk)]}, format="json")

    assert CohortMember.objects.get(student=student).cohort == second
    student.refresh_from_db()
    assert student.tutor == second.tutor


def test_a_student_who_leaves_keeps_their_tutor(admin_client):
    cohort = CohortFactory()
    student = UserFactory()
    admin_client.patch(detail(cohort), {"student_ids": [str(student.pk)]}, format="json")

    admin_client.patch(detail(cohort), {"student_ids": []}, format="json")

    assert not CohortMember.objects.filter(student=student).exists()
    student.refresh_from_db()
    assert student.tutor == cohort.tutor


def test_deleting_a_cohort_keeps_the_tutors(admin_client):
    cohort = CohortFactory()
    student = UserFactory()
    admin_client.patch(detail(cohort), {"student_ids": [str(student.pk)]}, format="json")

    assert admin_client.delete(detail(cohort)).status_code == 204

    student.refresh_from_db()
    assert student.tutor == cohort.tutor
    assert TutorAssignment.objects.get(student=student).cohort is None


def test_admin_lists_and_reads_cohorts(admin_client):
    CohortFactory(name="B"), CohortFactory(name="A")

    assert [row["name"] for row in admin_client.get(LIST).json()] == ["A", "B"]
    cohort = Cohort.objects.get(name="A")
    assert admin_client.get(detail(cohort)).json()["id"] == str(cohort.pk)
    assert_error(admin_client.get(f"{LIST}{uuid.uuid4()}/"), 404)


def test_a_tutor_lists_only_their_own_cohorts(tutor_client, tutor):
    CohortFactory(tutor=tutor, name="Mine")
    CohortFactory(name="Theirs")

    assert [row["name"] for row in tutor_client.get("/api/tutor/cohorts/").json()] == ["Mine"]


@pytest.mark.parametrize("client_fixture", ["student_client", "tutor_client"])
def test_only_admins_manage_cohorts(request, client_fixture, tutor):
    client = request.getfixturevalue(client_fixture)
    cohort = CohortFactory()

    assert_error(client.get(LIST), 403)
    assert_error(client.post(LIST, {"name": "X", "tutor_id": str(tutor.pk)}, format="json"), 403)
    assert_error(client.delete(detail(cohort)), 403)
    assert Cohort.objects.filter(pk=cohort.pk).exists()


def test_students_cannot_list_tutor_cohorts(student_client):
    assert_error(student_client.get("/api/tutor/cohorts/"), 403)


@pytest.mark.parametrize("cohorts", [2, 20])
def test_the_cohort_list_costs_the_same_queries_whatever_its_size(admin_client, django_assert_num_queries, cohorts):
    for cohort in CohortFactory.create_batch(cohorts):
        admin_client.patch(detail(cohort), {"student_ids": [str(UserFactory().pk)]}, format="json")

    with django_assert_num_queries(3):  # authentication; the cohorts with their tutors; their members
        response = admin_client.get(LIST)
    assert len(response.json()) == cohorts
    assert all(len(row["student_ids"]) == 1 for row in response.json())
