import pytest

from payments.tests.factories import PaymentFactory

pytestmark = pytest.mark.django_db


def test_the_admin_site_lists_and_shows_payments_read_only(client, admin_user):
    payment = PaymentFactory()
    client.force_login(admin_user)

    listing = client.get("/admin/payments/payment/", {"q": payment.transaction_id})
    detail = client.get(f"/admin/payments/payment/{payment.pk}/change/")
    add = client.get("/admin/payments/payment/add/")

    assert listing.status_code == 200 and payment.transaction_id in listing.content.decode()
    assert detail.status_code == 200
    assert 'name="status"' not in detail.content.decode()  # shown, not editable
    assert add.status_code == 403


def test_students_have_no_admin_site(client, student):
    client.force_login(student)

    assert client.get("/admin/payments/payment/").status_code == 302  # to the admin login
