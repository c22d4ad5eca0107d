"""One mailbox, one account: format characters and look-alikes are refused, and every spelling of
one address is one account, in the database too (accounts.email_rules)."""

import importlib

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction
from django.db.models import Value

from accounts.models import User
from accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from core.testing import assert_error

pytestmark = pytest.mark.django_db

REGISTER = "/api/auth/register/"
CAFE_COMPOSED = "nurse@caf\u00e9.com"
CAFE_DECOMPOSED = "nurse@cafe\u0301.com"


def register(api_client, email: str):
    password = "Sturdy-Passphrase-9"
    return api_client.post(
        REGISTER, {"full_name": "Jane Nurse", "email": email, "password": password, "confirm_password": password}
    )


@pytest.mark.parametrize("char", ["\u200b", "\u00ad", "\ufeff", "\u2060", "\u200d", "\u202e"])
def test_an_email_with_a_format_character_is_refused(api_client, char):
    UserFactory(email="victim@example.com")

    response = register(api_client, f"victim@example.com{char}")

    body = assert_error(response, 400, "Invalid input data.", field="email")
    assert body["errors"]["email"] == ["Enter a valid email address."]
    assert User.objects.count() == 1


def test_a_format_character_inside_the_domain_is_refused(api_client):
    assert register(api_client, "victim@exa\u200bmple.com").status_code == 400


def test_forgot_password_refuses_a_format_character_as_a_bad_email(api_client):
    response = api_client.post("/api/auth/forgot-password/", {"email": "victim@example.com\u200b"})

    assert_error(response, 400, field="email")


def test_login_with_a_format_character_is_not_the_victims_account(api_client):
    UserFactory(email="victim@example.com")

    response = api_client.post("/api/auth/login/", {"email": "victim@example.com\u200b", "password": DEFAULT_PASSWORD})

    assert response.status_code == 401


def test_an_email_is_stored_nfc_normalised(api_client):
    response = register(api_client, CAFE_DECOMPOSED)

    assert response.status_code == 201
    assert response.json()["user"]["email"] == CAFE_COMPOSED
    assert User.objects.get().email == CAFE_COMPOSED


@pytest.mark.parametrize(
    "first, second",
    [
        (CAFE_COMPOSED, CAFE_DECOMPOSED),
        (CAFE_DECOMPOSED, CAFE_COMPOSED),
        (CAFE_COMPOSED, "nurse@xn--caf-dma.com"),
        ("nurse@xn--caf-dma.com", "NURSE@CAFE\u0301.COM"),
    ],
)
def test_two_spellings_of_one_address_are_one_account(api_client, first, second):
    assert register(api_client, first).status_code == 201

    response = register(api_client, second)

    assert_error(response, 400, "Email already registered.", field="email")
    assert User.objects.count() == 1


def test_a_decomposed_spelling_logs_in_to_the_composed_account(api_client):
    UserFactory(email=CAFE_COMPOSED)

    response = api_client.post("/api/auth/login/", {"email": CAFE_DECOMPOSED, "password": DEFAULT_PASSWORD})

    assert response.status_code == 200


@pytest.mark.parametrize(
    "write",
    [
        lambda: User.objects.create(email=CAFE_DECOMPOSED, full_name="Twin"),
        lambda: User.objects.bulk_create([User(email=CAFE_DECOMPOSED, full_name="Twin")]),
        lambda: User.objects.filter(email="other@example.com").update(email=CAFE_DECOMPOSED),
    ],
    ids=["create", "bulk_create", "update"],
)
def test_the_database_refuses_a_second_spelling_whatever_the_write_path(write):
    UserFactory(email=CAFE_COMPOSED)
    UserFactory(email="other@example.com")

    with pytest.raises(IntegrityError), transaction.atomic():
        write()


@pytest.mark.parametrize(
    "email",
    [
        "\u0131van@example.com",  # dotless i: upper case is I
        "\u017ftudent@example.com",  # long s: upper case is S
        "stud\u0435nt@example.com",  # Cyrillic e in a Latin local part
        "jos\u00e9@example.com",  # any non-ASCII local part
        "nurse@exampl\u0435.com",  # a domain label mixing Latin and Cyrillic
        "nurse@\uff45xample.com",  # full-width e: NFKC makes it example.com
        "nurse@g\u0131thub.com",  # dotless i in the domain
        "nurse@\u0130stanbul.com",  # dotted capital I: lower case is i + a combining dot
    ],
)
def test_look_alike_addresses_are_refused(api_client, email):
    response = register(api_client, email)

    assert_error(response, 400, field="email")
    assert not User.objects.exists()


@pytest.mark.parametrize("email", ["nurse@m\u00fcnchen.de", "nurse@\u043f\u0440\u0438\u043c\u0435\u0440.\u0440\u0444"])
def test_a_single_script_international_domain_is_accepted(api_client, email):
    assert register(api_client, email).status_code == 201


def test_the_admin_site_refuses_a_format_character(client):
    from accounts.tests.factories import AdminFactory

    client.force_login(AdminFactory())
    response = client.post(
        "/admin/accounts/user/add/",
        {
            "email": "victim@example.com\u200b",
            "full_name": "Twin",
            "role": "user",
            "password1": "Sturdy-Passphrase-9",
            "password2": "Sturdy-Passphrase-9",
        },
    )

    assert response.status_code == 200  # the form again, with its error
    assert b"Enter a valid email address." in response.content
    assert not User.objects.filter(full_name="Twin").exists()


def test_the_migration_rewrites_stored_spellings_and_retires_look_alike_twins():
    victim = UserFactory(email="victim@example.com")
    twin = UserFactory(email="placeholder-1@example.com")
    decomposed = UserFactory(email="placeholder-2@example.com")
    # Rows as an older version could store them (Value() bypasses the field's canonical spelling).
    User.objects.filter(pk=twin.pk).update(email=Value("victim@example.com\u200b"))
    User.objects.filter(pk=decomposed.pk).update(email=Value(CAFE_DECOMPOSED))
    migration = importlib.import_module("accounts.migrations.0004_email_canonical")

    migration.canonicalise_emails(apps, None)

    victim.refresh_from_db()
    twin.refresh_from_db()
    decomposed.refresh_from_db()
    assert (victim.email, victim.is_active) == ("victim@example.com", True)
    assert (twin.email, twin.is_active) == (f"{twin.pk}@duplicate.invalid", False)
    assert decomposed.email == CAFE_COMPOSED
