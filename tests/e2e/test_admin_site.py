"""The Django admin site in a real browser: an admin signs in through the login form and reads the
users, courses and payments the school has."""

import pytest

from accounts.tests.factories import DEFAULT_PASSWORD, AdminFactory, UserFactory
from payments.tests.factories import PaymentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_admin_signs_in_and_sees_users_courses_and_payments(page, api_server, server_hashers, screenshot):
    admin = AdminFactory(full_name="Grace Admin")
    student = UserFactory(email="kofi@example.com")
    payment = PaymentFactory(user=student, course__title="Maternal and newborn care")

    page.goto(f"{api_server.url}/admin/")
    page.fill("#id_username", admin.email)
    page.fill("#id_password", DEFAULT_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#site-name")  # the index, not the login form again
    screenshot(page, "admin")

    assert page.url == f"{api_server.url}/admin/"
    for label in ("Users", "Courses", "Payments"):
        assert page.get_by_role("link", name=label, exact=True).count() >= 1, label

    page.goto(f"{api_server.url}/admin/accounts/user/")
    assert page.locator("#result_list").is_visible()
    assert page.get_by_text(admin.email).count() >= 1
    assert page.get_by_text("kofi@example.com").count() >= 1

    page.goto(f"{api_server.url}/admin/courses/course/")
    assert page.get_by_text("Maternal and newborn care").count() >= 1

    page.goto(f"{api_server.url}/admin/payments/payment/")
    screenshot(page, "admin-payments")
    assert page.get_by_text(payment.transaction_id).count() >= 1


def test_a_student_cannot_sign_in_to_the_admin_site(page, api_server, server_hashers):
    student = UserFactory()

    page.goto(f"{api_server.url}/admin/")
    page.fill("#id_username", student.email)
    page.fill("#id_password", DEFAULT_PASSWORD)
    page.click("input[type=submit]")

    page.wait_for_selector(".errornote")
    assert page.url.startswith(f"{api_server.url}/admin/login/")
