"""A course that has payments is kept: payments protect the course they paid for."""

from decimal import Decimal

import pytest

from courses.models import Course
from courses.tests.factories import PaidCourseFactory
from payments.models import Payment

pytestmark = pytest.mark.django_db


def test_delete_of_a_course_with_payments_is_409_and_keeps_it(admin_client, student):
    course = PaidCourseFactory()
    Payment.objects.create(
        user=student,
        course=course,
        provider="sandbox",
        amount=Decimal("60.00"),
        currency="USD",
        transaction_id="tx-keep",
        status="success",
    )

    response = admin_client.delete(f"/api/admin/courses/{course.pk}/")

    assert response.status_code == 409
    assert response.json() == {"detail": "This course has payments and cannot be deleted. Unpublish it instead."}
    assert Course.objects.filter(pk=course.pk).exists()
