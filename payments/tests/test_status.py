import pytest
import requests

from payments.tests.factories import PaymentFactory
from payments.tests.fakes import make_stale, mock_paystack_verify, paystack_event, post_paystack_webhook

pytestmark = pytest.mark.django_db


def status_url(payment) -> str:
    return f"/api/payments/status/{payment.transaction_id}/"


def test_the_owner_sees_a_pending_payment(student_client, paystack, gateway_http):
    payment = PaymentFactory(user=student_client.user)

    response = student_client.get(status_url(payment))

    assert response.status_code == 200
    assert response.json() == {
        "transaction_id": payment.transaction_id,
        "status": "pending",
        "message": "Payment is being processed.",
        "enrollment_status": "pending",
    }
    # Fresh: no re-verification yet.
    assert len(gateway_http.calls) == 0


def test_after_the_webhook_the_owner_sees_success_and_enrolled(student_client, api_client, paystack, gateway_http):
    payment = PaymentFactory(user=student_client.user)
    mock_paystack_verify(gateway_http, payment.transaction_id)
    post_paystack_webhook(api_client, paystack_event(payment.transaction_id))

    response = student_client.get(status_url(payment))

    assert response.json() == {
        "transaction_id": payment.transaction_id,
        "status": "success",
        "message": "Payment processed successfully.",
        "enrollment_status": "enrolled",
    }


def test_a_failed_payment_says_so(student_client):
    payment = PaymentFactory(user=student_client.user, status="failed")

    response = student_client.get(status_url(payment))

    assert response.json()["status"] == "failed"
    assert response.json()["enrollment_status"] == "failed"
    assert response.json()["message"] == "Payment failed."


def test_another_users_payment_is_not_found(student_client):
    payment = PaymentFactory()

    response = student_client.get(status_url(payment))

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_an_unknown_transaction_is_not_found(student_client):
    assert student_client.get("/api/payments/status/NCX-nope/").status_code == 404


def test_status_needs_a_login(api_client):
    assert api_client.get(status_url(PaymentFactory())).status_code == 401


def test_a_stale_pending_payment_is_reverified_on_poll(student_client, paystack, gateway_http):
    """Covers a lost webhook: a minute on, the poll asks the gateway itself."""
    payment = make_stale(PaymentFactory(user=student_client.user))
    verify = mock_paystack_verify(gateway_http, payment.transaction_id)

    response = student_client.get(status_url(payment))

    assert len(verify.calls) == 1
    assert response.json()["status"] == "success"
    assert response.json()["enrollment_status"] == "enrolled"


def test_reverification_on_poll_is_rate_limited(student_client, paystack, gateway_http):
    payment = make_stale(PaymentFactory(user=student_client.user))
    verify = mock_paystack_verify(gateway_http, payment.transaction_id, status="abandoned")

    for _ in range(3):
        assert student_client.get(status_url(payment)).json()["status"] == "pending"

    assert len(verify.calls) == 1


def test_a_gateway_outage_during_a_poll_still_answers_pending(student_client, paystack, gateway_http):
    payment = make_stale(PaymentFactory(user=student_client.user))
    gateway_http.get(
        f"https://api.paystack.co/transaction/verify/{payment.transaction_id}",
        body=requests.exceptions.ConnectionError("down"),
    )

    response = student_client.get(status_url(payment))

    assert response.status_code == 200
    assert response.json()["status"] == "pending"
    payment.refresh_from_db()
    assert payment.status == "pending"


def test_a_stale_payment_whose_gateway_lost_its_keys_still_answers_pending(student_client, gateway_http):
    payment = make_stale(PaymentFactory(user=student_client.user))  # paystack, but no key configured now

    response = student_client.get(status_url(payment))

    assert response.status_code == 200
    assert response.json()["status"] == "pending"


@pytest.mark.parametrize("junk", ["%00", "a%00b", "NCX%20x", "x" * 65, "%C3%A9"])
@pytest.mark.parametrize("path", ["/api/payments/status/{}/", "/api/payments/sandbox/checkout/{}/"])
def test_a_transaction_id_that_we_could_not_have_issued_is_a_json_404(student_client, path, junk):
    # A NUL byte reached PostgreSQL, which refuses it in text: that was a 500.
    response = student_client.get(path.format(junk))

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
