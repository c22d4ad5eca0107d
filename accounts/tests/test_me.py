import pytest

from accounts.tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db


def test_me_returns_the_current_user(student_client, student):
    response = student_client.get("/api/users/me/")

    assert response.status_code == 200
    assert response.json()["id"] == str(student.pk)
    assert response.json()["role"] == "user"


def test_me_without_a_token_is_401(api_client):
    response = api_client.get("/api/users/me/")

    assert response.status_code == 401
    assert response.json()["detail"] == "Authentication credentials were not provided."


def test_me_with_a_garbage_token_is_401(api_client):
    response = api_client.get("/api/users/me/", HTTP_AUTHORIZATION="Bearer nonsense")

    assert response.status_code == 401
    assert isinstance(response.json()["detail"], str)


@pytest.mark.parametrize("method", ["put", "patch"])
def test_me_updates_the_full_name(student_client, student, method):
    response = getattr(student_client, method)("/api/users/me/", {"full_name": "  Renamed Nurse "})

    assert response.status_code == 200
    assert response.json()["full_name"] == "Renamed Nurse"
    student.refresh_from_db()
    assert student.full_name == "Renamed Nurse"


def test_me_never_changes_email_or_role(student_client, student):
    response = student_client.patch(
        "/api/users/me/", {"email": "evil@example.com", "role": "admin", "email_verified": False}
    )

    assert response.status_code == 200
    student.refresh_from_db()
    assert student.email != "evil@example.com"
    assert student.role == "user"
    assert student.email_verified is True


def test_me_rejects_a_blank_name(student_client):
    response = student_client.patch("/api/users/me/", {"full_name": "  "})

    assert response.status_code == 400
    assert "full_name" in response.json()["errors"]


def test_put_requires_the_full_name(student_client):
    response = student_client.put("/api/users/me/", {})

    assert response.status_code == 400
    assert "full_name" in response.json()["errors"]


def test_me_rejects_delete_with_405(student_client):
    response = student_client.delete("/api/users/me/")

    assert response.status_code == 405
    assert response.json()["detail"] == 'Method "DELETE" not allowed.'


def test_change_password_sets_the_new_password_and_returns_fresh_tokens(student_client, student, api_client):
    response = student_client.post(
        "/api/users/me/change-password/",
        {
            "current_password": DEFAULT_PASSWORD,
            "new_password": "Fresh-Passphrase-11",
            "confirm_new_password": "Fresh-Passphrase-11",
        },
    )

    assert response.status_code == 200
    body = response.json()
    assert body["message"] == "Password changed successfully."
    assert api_client.get("/api/users/me/", HTTP_AUTHORIZATION=f"Bearer {body['access']}").status_code == 200
    student.refresh_from_db()
    assert student.check_password("Fresh-Passphrase-11")


def test_change_password_ends_other_sessions(student, api_client):
    old = api_client.post("/api/auth/login/", {"email": student.email, "password": DEFAULT_PASSWORD}).json()
    api_client.post(
        "/api/users/me/change-password/",
        {
            "current_password": DEFAULT_PASSWORD,
            "new_password": "Fresh-Passphrase-11",
            "confirm_new_password": "Fresh-Passphrase-11",
        },
        HTTP_AUTHORIZATION=f"Bearer {old['access']}",
    )

    assert api_client.post("/api/auth/token/refresh/", {"refresh": old["refresh"]}).status_code == 401
    assert api_client.get("/api/users/me/", HTTP_AUTHORIZATION=f"Bearer {old['access']}").status_code == 401


def test_change_password_refuses_a_wrong_current_password(student_client, student):
    response = student_client.post(
        "/api/users/me/change-password/",
        {
            "current_password": "Not-It-123",
            "new_password": "Fresh-Passphrase-11",
            "confirm_new_password": "Fresh-Passphrase-11",
        },
    )

    assert response.status_code == 400
    assert response.json()["detail"] == "Current password is incorrect."
    student.refresh_from_db()
    assert student.check_password(DEFAULT_PASSWORD)


def test_change_password_refuses_a_mismatch(student_client):
    response = student_client.post(
        "/api/users/me/change-password/",
        {
            "current_password": DEFAULT_PASSWORD,
            "new_password": "Fresh-Passphrase-11",
            "confirm_new_password": "Other-1",
        },
    )

    assert response.status_code == 400
    assert response.json()["detail"] == "Passwords do not match."


def test_change_password_refuses_a_weak_password(student_client, student):
    response = student_client.post(
        "/api/users/me/change-password/",
        {"current_password": DEFAULT_PASSWORD, "new_password": "12345678", "confirm_new_password": "12345678"},
    )

    assert response.status_code == 400
    assert response.json()["errors"]["new_password"]
    student.refresh_from_db()
    assert student.check_password(DEFAULT_PASSWORD)
