"""An optional phone number (E.164) at registration, in `user`, editable at users/me, in the admin
users list and on the admin site."""

import pytest
from django.db import IntegrityError, transaction

from accounts.models import User
from accounts.tests.factories import AdminFactory, UserFactory
from core.testing import assert_error, bearer_client

pytestmark = pytest.mark.django_db

REGISTER = "/api/auth/register/"
ME = "/api/users/me/"
INVALID = "Enter a valid phone number in international format, e.g. +2348012345678."


def register(api_client, **extra):
    password = "Sturdy-Passphrase-9"
    body = {"full_name": "Ada Obi", "email": "ada@example.com", "password": password, "confirm_password": password}
    return api_client.post(REGISTER, {**body, **extra})


def test_registration_stores_and_returns_the_phone_number_in_e164(api_client):
    response = register(api_client, phone_number="+234 801 234-5678")

    assert response.status_code == 201
    assert response.json()["user"]["phone_number"] == "+2348012345678"
    assert User.objects.get().phone_number == "+2348012345678"


def test_registration_without_a_phone_number_stores_none(api_client):
    response = register(api_client)

    assert response.status_code == 201
    assert response.json()["user"]["phone_number"] == ""


@pytest.mark.parametrize("phone", ["08012345678", "+99999", "+1 415 555 26711", "call me", "+234801234567890123"])
def test_a_bad_phone_number_is_a_400_naming_the_field(api_client, phone):
    response = register(api_client, phone_number=phone)

    body = assert_error(response, 400, "Invalid input data.", field="phone_number")
    assert body["errors"]["phone_number"] == [INVALID]
    assert not User.objects.exists()


def test_users_me_shows_and_changes_the_phone_number(student_client, student):
    response = student_client.patch(ME, {"phone_number": "+1 (415) 555-2671"})

    assert response.status_code == 200
    assert response.json()["phone_number"] == "+14155552671"
    assert student_client.get(ME).json()["phone_number"] == "+14155552671"


def test_users_me_clears_the_phone_number_with_a_blank(student):
    User.objects.filter(pk=student.pk).update(phone_number="+14155552671")

    response = bearer_client(student).patch(ME, {"phone_number": ""})

    assert response.json()["phone_number"] == ""
    student.refresh_from_db()
    assert student.phone_number == ""


def test_users_me_refuses_a_bad_phone_number(student_client, student):
    response = student_client.patch(ME, {"phone_number": "12345"})

    assert_error(response, 400, field="phone_number")
    student.refresh_from_db()
    assert student.phone_number == ""


def test_the_admin_users_list_shows_the_phone_number(admin_client):
    UserFactory(email="ada@example.com", phone_number="+2348012345678")

    response = admin_client.get("/api/admin/users/?search=ada@")

    assert [row["phone_number"] for row in response.json()] == ["+2348012345678"]


def test_the_admin_site_lists_and_normalises_the_phone_number(client):
    student = UserFactory(email="ada@example.com", phone_number="+2348012345678")
    client.force_login(AdminFactory())

    listing = client.get("/admin/accounts/user/?q=ada@")
    change = client.post(
        f"/admin/accounts/user/{student.pk}/change/",
        {
            "email": student.email,
            "full_name": student.full_name,
            "phone_number": "+44 20 7946 0958",
            "role": "user",
            "is_active": "on",
            "email_verified": "on",
            "unread_message_emails": "on",
        },
    )

    assert b"+2348012345678" in listing.content
    assert change.status_code == 302
    student.refresh_from_db()
    assert student.phone_number == "+442079460958"


def test_the_database_refuses_a_phone_number_not_in_e164(student):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=student.pk).update(phone_number="0801 234 5678")
