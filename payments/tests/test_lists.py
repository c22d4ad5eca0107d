import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tests.factories import UserFactory
from payments.tests.factories import PaymentFactory
from payments.views import AdminPaymentListView, PaymentListView

pytestmark = pytest.mark.django_db

OWN = "/api/payments/"
ADMIN = "/api/admin/payments/"
FIELDS = {
    "id",
    "transaction_id",
    "course_id",
    "course_title",
    "plan_id",
    "plan_name",
    "provider",
    "amount",
    "currency",
    "status",
    "created_at",
    "updated_at",
}


def test_history_lists_only_my_payments_newest_first(student_client):
    older = PaymentFactory(user=student_client.user, status="failed")
    newer = PaymentFactory(user=student_client.user)
    PaymentFactory()  # someone else's

    response = student_client.get(OWN)

    assert response.status_code == 200
    body = response.json()
    assert [row["id"] for row in body] == [str(newer.id), str(older.id)]
    row = body[0]
    assert set(row) == FIELDS
    assert row["amount"] == "60.00"
    assert row["currency"] == "USD"
    assert row["course_id"] == str(newer.course_id)
    assert row["course_title"] == newer.course.title
    assert row["created_at"].endswith("Z")


def test_history_pages_with_limit_and_offset(student_client):
    for _ in range(3):
        PaymentFactory(user=student_client.user)

    body = student_client.get(OWN, {"limit": 2, "offset": 1}).json()

    assert body["count"] == 3
    assert len(body["results"]) == 2
    assert set(body) == {"count", "next", "previous", "results"}


def test_history_without_limit_is_capped(student_client, monkeypatch):
    monkeypatch.setattr(PaymentListView, "unpaginated_cap", 2)
    payments = [PaymentFactory(user=student_client.user) for _ in range(3)]

    body = student_client.get(OWN).json()

    assert [row["id"] for row in body] == [str(p.id) for p in reversed(payments)][:2]


def test_the_documented_caps(student_client):
    assert PaymentListView.unpaginated_cap == 500
    assert AdminPaymentListView.unpaginated_cap == 500


def test_history_needs_a_login(api_client):
    assert api_client.get(OWN).status_code == 401


def test_admins_see_every_payment_with_its_payer(admin_client):
    payment = PaymentFactory()

    response = admin_client.get(ADMIN)

    assert response.status_code == 200
    row = response.json()[0]
    assert set(row) >= FIELDS | {"user_id", "user_email"}
    assert row["user_id"] == str(payment.user_id)
    assert row["user_email"] == payment.user.email


@pytest.mark.parametrize(
    ("client_fixture", "expected"),
    [("api_client", 401), ("student_client", 403), ("tutor_client", 403), ("admin_client", 200)],
)
def test_admin_payments_role_matrix(request, client_fixture, expected):
    client = request.getfixturevalue(client_fixture)

    assert client.get(ADMIN).status_code == expected


def test_admin_payments_filter_by_status(admin_client):
    PaymentFactory(status="success")
    failed = PaymentFactory(status="failed")
    PaymentFactory()

    body = admin_client.get(ADMIN, {"status": "failed"}).json()

    assert [row["id"] for row in body] == [str(failed.id)]


def test_admin_payments_filter_by_an_unknown_status_is_400(admin_client):
    response = admin_client.get(ADMIN, {"status": "refunded"})

    assert response.status_code == 400
    assert "status" in response.json()["errors"]


def test_admin_payments_page_with_limit_and_offset(admin_client):
    for _ in range(5):
        PaymentFactory()

    body = admin_client.get(ADMIN, {"limit": 2, "offset": 2, "status": "pending"}).json()

    assert body["count"] == 5
    assert len(body["results"]) == 2


def expected_queries(params) -> int:
    # The requester (JWT), the page of payments with course and payer joined, and the count when paged.
    return 3 if "limit" in params else 2


def queries_for(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params or {}).status_code == 200
    return len(queries)


@pytest.mark.parametrize("params", [{}, {"limit": 100}])
def test_history_query_count_does_not_grow_with_rows(student_client, params):
    PaymentFactory.create_batch(2, user=student_client.user)
    two = queries_for(student_client, OWN, params)
    PaymentFactory.create_batch(48, user=student_client.user)
    fifty = queries_for(student_client, OWN, params)

    assert two == fifty == expected_queries(params)


@pytest.mark.parametrize("params", [{}, {"limit": 100}])
def test_admin_list_query_count_does_not_grow_with_rows(admin_client, params):
    for _ in range(2):
        PaymentFactory(user=UserFactory())
    two = queries_for(admin_client, ADMIN, params)
    for _ in range(48):
        PaymentFactory(user=UserFactory())
    fifty = queries_for(admin_client, ADMIN, params)

    assert two == fifty == expected_queries(params)
