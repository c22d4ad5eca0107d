import pytest

from accounts import demo as accounts_demo
from courses.models import Enrollment
from courses.tests.factories import PaidCourseFactory
from payments import demo
from payments.models import Payment

pytestmark = pytest.mark.django_db


def test_demo_payments_are_seeded_once():
    PaidCourseFactory.create_batch(2)
    people = accounts_demo.seed()

    demo.seed(people)
    demo.seed(people)

    assert sorted(Payment.objects.values_list("status", flat=True)) == ["failed", "pending", "success"]
    paid = Payment.objects.get(status="success")
    assert Enrollment.objects.get(user=paid.user, course=paid.course).payment == paid


def test_no_paid_course_no_demo_payments():
    demo.seed(accounts_demo.seed())

    assert not Payment.objects.exists()
