import pytest
from django.core.management import call_command

from accounts.models import User
from accounts.tests.factories import DEFAULT_PASSWORD, AdminFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_createsuperuser_makes_an_admin(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "Admin-Passphrase-1")
    call_command("createsuperuser", "--noinput", email="Boss@Example.com", full_name="Boss")

    boss = User.objects.get(email="boss@example.com")
    assert boss.role == "admin"
    assert boss.is_staff and boss.is_superuser


def test_an_admin_can_use_the_admin_site_and_list_users(client):
    admin = AdminFactory()
    UserFactory(email="findme@example.com")
    assert client.login(email=admin.email, password=DEFAULT_PASSWORD)

    response = client.get("/admin/accounts/user/?q=findme")

    assert response.status_code == 200
    assert b"findme@example.com" in response.content


@pytest.mark.parametrize("role", ["user", "tutor"])
def test_other_roles_cannot_use_the_admin_site(client, role):
    user = UserFactory(role=role)
    client.force_login(user)

    response = client.get("/admin/accounts/user/")

    assert response.status_code == 302
    assert "/admin/login/" in response.headers["Location"]


def test_demoting_an_admin_removes_staff_access(client):
    admin = AdminFactory()
    admin.role = "user"
    admin.save()
    client.force_login(admin)

    assert client.get("/admin/").status_code == 302


def test_the_admin_user_pages_render(client):
    admin = AdminFactory()
    client.force_login(admin)

    assert client.get("/admin/accounts/user/add/").status_code == 200
    assert client.get(f"/admin/accounts/user/{admin.pk}/change/").status_code == 200
    assert client.get(f"/admin/accounts/user/{admin.pk}/password/").status_code == 200


def test_the_admin_add_form_creates_a_user_with_a_hashed_password(client):
    client.force_login(AdminFactory())

    response = client.post(
        "/admin/accounts/user/add/",
        {
            "email": "Added@Example.com",
            "full_name": "Added Tutor",
            "role": "tutor",
            "password1": "Tutor-Passphrase-3",
            "password2": "Tutor-Passphrase-3",
            "usable_password": "true",
        },
    )

    assert response.status_code == 302
    added = User.objects.get(email="added@example.com")
    assert added.role == "tutor"
    assert added.check_password("Tutor-Passphrase-3")
