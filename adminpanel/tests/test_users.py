"""`/api/admin/users/` and `/api/admin/users/{id}/`: monitoring and role/active changes by admins."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from accounts.tests.factories import AdminFactory, TutorFactory, UserFactory
from adminpanel.views import AdminUserListView
from core.testing import bearer_client
from courses.tests.factories import CourseFactory, CourseProgressFactory

pytestmark = pytest.mark.django_db

LIST = "/api/admin/users/"
ROW_FIELDS = {
    "id",
    "full_name",
    "email",
    "role",
    "created_at",
    "courses_completed_count",
    "is_active",
    "last_login",
    "tutor",
    "phone_number",
}


def detail(user_or_id) -> str:
    return f"/api/admin/users/{getattr(user_or_id, 'pk', user_or_id)}/"


def rows_by_email(response) -> dict:
    return {row["email"]: row for row in response.json()}


# --- Role matrix ----------------------------------------------------------------------------------

CALLS = [("get", lambda u: LIST, None), ("get", detail, None), ("patch", detail, {"role": "tutor"})]


@pytest.mark.parametrize("client_fixture", ["student_client", "tutor_client"])
@pytest.mark.parametrize(("method", "url", "body"), CALLS)
def test_students_and_tutors_get_403(request, client_fixture, method, url, body):
    client = request.getfixturevalue(client_fixture)
    target = UserFactory()

    response = getattr(client, method)(url(target), body, format="json")

    assert response.status_code == 403
    assert response.json() == {"detail": "You do not have permission to perform this action."}
    target.refresh_from_db()
    assert target.role == "user"


@pytest.mark.parametrize(("method", "url", "body"), CALLS)
def test_admin_may_use_every_admin_user_endpoint(admin_client, method, url, body):
    target = UserFactory()
    assert getattr(admin_client, method)(url(target), body, format="json").status_code == 200


# --- List -----------------------------------------------------------------------------------------


def test_list_rows_have_the_contract_fields(admin_client, admin_user):
    response = admin_client.get(LIST)

    assert response.status_code == 200
    [row] = response.json()
    assert set(row) == ROW_FIELDS
    assert row["id"] == str(admin_user.pk)
    assert row["role"] == "admin"
    assert row["is_active"] is True
    assert row["created_at"].endswith("Z")
    assert row["courses_completed_count"] == 0


def test_list_is_newest_first(admin_client, admin_user):
    older = UserFactory()
    User.objects.filter(pk=older.pk).update(created_at=timezone.now() - timedelta(days=3))
    User.objects.filter(pk=admin_user.pk).update(created_at=timezone.now() - timedelta(days=2))
    newest = UserFactory()

    ids = [row["id"] for row in admin_client.get(LIST).json()]

    assert ids == [str(newest.pk), str(admin_user.pk), str(older.pk)]


def test_courses_completed_count_counts_only_completed_courses_of_that_user(admin_client):
    finisher = UserFactory(email="finisher@example.com")
    CourseProgressFactory.create_batch(2, user=finisher, progress_percentage=100)
    CourseProgressFactory(user=finisher, progress_percentage=99)
    starter = UserFactory(email="starter@example.com")
    CourseProgressFactory(user=starter, progress_percentage=50)

    rows = rows_by_email(admin_client.get(LIST))

    assert rows["finisher@example.com"]["courses_completed_count"] == 2
    assert rows["starter@example.com"]["courses_completed_count"] == 0


def test_search_matches_name_or_email_case_insensitively(admin_client):
    UserFactory(full_name="Grace Hopper", email="grace@example.com")
    UserFactory(full_name="Someone Else", email="hopper.fan@example.com")
    UserFactory(full_name="Ada Lovelace", email="ada@example.com")

    emails = set(rows_by_email(admin_client.get(LIST, {"search": "HoPPer"})))

    assert emails == {"grace@example.com", "hopper.fan@example.com"}


def test_role_filter_returns_only_that_role(admin_client):
    tutor = TutorFactory()
    UserFactory()

    response = admin_client.get(LIST, {"role": "tutor"})

    assert [row["id"] for row in response.json()] == [str(tutor.pk)]


def test_an_unknown_role_filter_is_400(admin_client):
    response = admin_client.get(LIST, {"role": "superhero"})

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["role"]


def test_is_active_filter(admin_client):
    gone = UserFactory(is_active=False)

    assert [row["id"] for row in admin_client.get(LIST, {"is_active": "false"}).json()] == [str(gone.pk)]
    assert str(gone.pk) not in {row["id"] for row in admin_client.get(LIST, {"is_active": "true"}).json()}


def test_limit_and_offset_return_a_page(admin_client):
    UserFactory.create_batch(4)

    body = admin_client.get(LIST, {"limit": 2, "offset": 2}).json()

    assert body["count"] == 5
    assert len(body["results"]) == 2
    assert body["previous"] is not None


def test_unpaginated_list_is_capped_at_the_newest_users(admin_client, monkeypatch):
    monkeypatch.setattr(AdminUserListView, "unpaginated_cap", 3)
    UserFactory.create_batch(5)

    assert len(admin_client.get(LIST).json()) == 3


def test_documented_unpaginated_cap_is_500():
    assert AdminUserListView.unpaginated_cap == 500


@pytest.mark.parametrize("rows", [2, 50])
def test_list_is_one_query_whatever_the_number_of_users(admin_client, django_assert_num_queries, rows):
    for user in UserFactory.create_batch(rows):
        CourseProgressFactory(user=user, progress_percentage=100)
    with django_assert_num_queries(2):  # one authenticates the admin; one lists users with their counts
        response = admin_client.get(LIST)
    assert len(response.json()) == rows + 1
    assert sum(row["courses_completed_count"] for row in response.json()) == rows


# --- Detail and update ----------------------------------------------------------------------------


def test_detail_returns_the_row(admin_client):
    user = UserFactory()
    CourseProgressFactory(user=user, progress_percentage=100)

    body = admin_client.get(detail(user)).json()

    assert set(body) == ROW_FIELDS
    assert body["courses_completed_count"] == 1


@pytest.mark.parametrize("method", ["get", "patch"])
def test_unknown_user_is_404(admin_client, method):
    response = getattr(admin_client, method)(detail(uuid.uuid4()), {"role": "user"}, format="json")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_put_is_not_allowed(admin_client):
    assert admin_client.put(detail(UserFactory()), {"role": "tutor"}, format="json").status_code == 405


def test_admin_changes_a_users_role(admin_client):
    user = UserFactory()

    response = admin_client.patch(detail(user), {"role": "tutor"}, format="json")

    assert response.status_code == 200
    assert response.json()["role"] == "tutor"
    user.refresh_from_db()
    assert user.role == "tutor"


def test_promoting_to_admin_grants_staff_access_and_the_admin_api(admin_client):
    user = UserFactory()

    admin_client.patch(detail(user), {"role": "admin"}, format="json")

    user.refresh_from_db()
    assert user.is_staff is True
    assert bearer_client(user).get(LIST).status_code == 200


def test_demoting_another_admin_removes_staff_access(admin_client):
    other_admin = AdminFactory()

    admin_client.patch(detail(other_admin), {"role": "user"}, format="json")

    other_admin.refresh_from_db()
    assert other_admin.is_staff is False
    assert bearer_client(other_admin).get(LIST).status_code == 403


def test_deactivating_a_user_stops_their_access_token(admin_client, student, student_client):
    response = admin_client.patch(detail(student), {"is_active": False}, format="json")

    assert response.json()["is_active"] is False
    assert student_client.get("/api/users/me/progress/").status_code == 401


def test_reactivating_a_user(admin_client):
    user = UserFactory(is_active=False)

    assert admin_client.patch(detail(user), {"is_active": True}, format="json").json()["is_active"] is True


def test_admin_cannot_demote_themselves(admin_client, admin_user):
    response = admin_client.patch(detail(admin_user), {"role": "user"}, format="json")

    assert response.status_code == 400
    assert response.json() == {"detail": "You cannot remove your own admin role."}
    admin_user.refresh_from_db()
    assert admin_user.role == "admin"


def test_admin_cannot_deactivate_themselves(admin_client, admin_user):
    response = admin_client.patch(detail(admin_user), {"is_active": False}, format="json")

    assert response.status_code == 400
    assert response.json() == {"detail": "You cannot deactivate your own account."}
    admin_user.refresh_from_db()
    assert admin_user.is_active is True


def test_admin_may_send_their_own_unchanged_role_and_status(admin_client, admin_user):
    response = admin_client.patch(detail(admin_user), {"role": "admin", "is_active": True}, format="json")
    assert response.status_code == 200


def test_other_fields_are_ignored(admin_client):
    user = UserFactory(email="keep@example.com", full_name="Kept Name")

    response = admin_client.patch(
        detail(user), {"email": "new@example.com", "full_name": "New", "role": "tutor"}, format="json"
    )

    assert response.status_code == 200
    user.refresh_from_db()
    assert (user.email, user.full_name, user.role) == ("keep@example.com", "Kept Name", "tutor")


@pytest.mark.parametrize(("body", "field"), [({"role": "owner"}, "role"), ({"is_active": "maybe"}, "is_active")])
def test_invalid_values_are_400(admin_client, body, field):
    response = admin_client.patch(detail(UserFactory()), body, format="json")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


def test_other_users_completions_do_not_count_for_this_user(admin_client):
    course = CourseFactory()
    CourseProgressFactory.create_batch(3, course=course, progress_percentage=100)
    user = UserFactory()

    assert admin_client.get(detail(user)).json()["courses_completed_count"] == 0
