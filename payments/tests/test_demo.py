from decimal import Decimal

import pytest

from accounts import demo as accounts_demo
from courses.models import Enrollment, Plan, PlanGrant
from courses.tests.factories import PaidCourseFactory
from payments import demo
from payments.models import Payment

pytestmark = pytest.mark.django_db


def test_demo_payments_are_seeded_once():
    PaidCourseFactory.create_batch(2)
    people = accounts_demo.seed()

    demo.seed(people)
    demo.seed(people)

    sandbox = Payment.objects.filter(provider="sandbox")
    assert sorted(sandbox.values_list("status", flat=True)) == ["failed", "pending", "success"]
    paid = sandbox.get(status="success")
    assert Enrollment.objects.get(user=paid.user, course=paid.course).payment == paid


def test_no_paid_course_no_demo_course_payments():
    demo.seed(accounts_demo.seed())

    assert not Payment.objects.filter(course__isnull=False).exists()


def test_the_demo_has_a_monthly_all_access_plan_and_a_bank_transfer_for_it():
    people = accounts_demo.seed()

    demo.seed(people)
    demo.seed(people)

    plan = Plan.objects.get(name=demo.MONTHLY_PLAN)
    assert (plan.duration_days, plan.all_courses, plan.is_active) == (30, True, True)
    assert sorted(plan.prices.values_list("currency", flat=True)) == ["GBP", "NGN", "USD"]
    manual = Payment.objects.get(provider="manual")
    assert (manual.plan, manual.user, manual.recorded_by) == (plan, people.students[2], people.admin)
    assert PlanGrant.objects.get(payment=manual).user == people.students[2]


def test_a_new_user_can_buy_the_demo_plan_in_the_sandbox(student_client):
    demo.seed(accounts_demo.seed())
    plan = Plan.objects.get(name=demo.MONTHLY_PLAN)

    response = student_client.post(
        "/api/payments/initiate/", {"plan_id": str(plan.pk), "payment_method": "sandbox", "currency": "USD"}
    )

    assert response.status_code == 200
    assert Payment.objects.get(transaction_id=response.json()["transaction_id"]).amount == Decimal("20.00")
