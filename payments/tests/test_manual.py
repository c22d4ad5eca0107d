"""Offline payments (CONTRACT §9): an admin records a bank transfer or cash payment; it is a
successful `manual` payment with the admin who entered it, grants like any other, and is listed."""

from decimal import Decimal

import pytest
from django.core import mail

from accounts.tests.factories import UserFactory
from core.testing import assert_error
from courses.models import Enrollment, PlanGrant
from courses.tests.factories import EnrollmentFactory, PaidCourseFactory
from courses.tests.plan_factories import PlanFactory
from payments.models import Payment

pytestmark = pytest.mark.django_db

URL = "/api/admin/payments/manual/"


def transfer(user, **changes) -> dict:
    return {
        "user_id": str(user.pk),
        "amount": "15000.00",
        "currency": "ngn",
        "reference": "GTB-2026-000123",
        "note": "Transfer seen on the school's account.",
        **changes,
    }


def test_an_admin_records_a_bank_transfer_for_a_plan(admin_client, admin_user, django_capture_on_commit_callbacks):
    student, plan = UserFactory(), PlanFactory()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(URL, transfer(student, plan_id=str(plan.pk)), format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["provider"], body["status"], body["amount"], body["currency"]) == (
        "manual",
        "success",
        "15000.00",
        "NGN",
    )
    assert (body["plan_id"], body["recorded_by_id"], body["gateway_reference"]) == (
        str(plan.pk),
        str(admin_user.pk),
        "GTB-2026-000123",
    )
    payment = Payment.objects.get(pk=body["id"])
    grant = PlanGrant.objects.get(user=student)
    assert (grant.payment, grant.source) == (payment, "payment")
    [receipt] = mail.outbox
    assert receipt.to == [student.email]


def test_a_manual_course_payment_enrolls_the_student(admin_client):
    student, course = UserFactory(), PaidCourseFactory()

    response = admin_client.post(URL, transfer(student, course_id=str(course.pk), amount="60.00"), format="json")

    assert response.status_code == 201
    enrollment = Enrollment.objects.get(user=student, course=course)
    assert (enrollment.source, str(enrollment.payment_id)) == ("payment", response.json()["id"])


def test_manual_payments_show_in_the_payment_lists(admin_client):
    student = UserFactory()
    admin_client.post(URL, transfer(student, plan_id=str(PlanFactory().pk)), format="json")

    [row] = admin_client.get("/api/admin/payments/?provider=manual").json()
    assert row["user_id"] == str(student.pk) and row["note"] == "Transfer seen on the school's account."


def test_a_reference_is_recorded_once(admin_client):
    student, plan = UserFactory(), PlanFactory()
    admin_client.post(URL, transfer(student, plan_id=str(plan.pk)), format="json")

    response = admin_client.post(URL, transfer(student, plan_id=str(plan.pk)), format="json")

    assert_error(response, 409, "A manual payment with this reference was already recorded.")
    assert Payment.objects.count() == 1 and PlanGrant.objects.count() == 1


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"amount": "0.00"}, "amount"),
        ({"amount": "-5"}, "amount"),
        ({"currency": "NAIRA"}, "currency"),
        ({"reference": ""}, "reference"),
        ({"user_id": "00000000-0000-0000-0000-000000000001"}, "user_id"),
        ({"plan_id": "00000000-0000-0000-0000-000000000001"}, "plan_id"),
    ],
)
def test_bad_input_is_a_400_and_nothing_is_written(admin_client, changes, field):
    body = {"plan_id": str(PlanFactory().pk), **changes}

    assert_error(admin_client.post(URL, transfer(UserFactory(), **body), format="json"), 400, field=field)
    assert not Payment.objects.exists() and not PlanGrant.objects.exists()


def test_a_course_or_a_plan_exactly(admin_client):
    student, plan, course = UserFactory(), PlanFactory(), PaidCourseFactory()

    assert_error(admin_client.post(URL, transfer(student), format="json"), 400)
    both = transfer(student, plan_id=str(plan.pk), course_id=str(course.pk))
    assert_error(admin_client.post(URL, both, format="json"), 400)


def test_a_course_the_student_already_has_is_refused(admin_client):
    enrollment = EnrollmentFactory(course=PaidCourseFactory(), source="admin")

    response = admin_client.post(URL, transfer(enrollment.user, course_id=str(enrollment.course_id)), format="json")

    assert_error(response, 400, "You are already enrolled in this course.")


def test_only_admins_record_manual_payments(api_client, student_client, tutor_client):
    body = transfer(UserFactory(), plan_id=str(PlanFactory().pk))

    assert_error(api_client.post(URL, body, format="json"), 401)
    assert_error(student_client.post(URL, body, format="json"), 403)
    assert_error(tutor_client.post(URL, body, format="json"), 403)
    assert not Payment.objects.exists()


def test_the_database_refuses_a_manual_payment_without_its_admin():
    from django.db import IntegrityError, transaction

    student = UserFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.create(
            user=student,
            plan=PlanFactory(),
            provider="manual",
            status="success",
            amount=Decimal("1.00"),
            currency="NGN",
            transaction_id="MAN-x",
        )
