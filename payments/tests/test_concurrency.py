"""Gateways retry, and retries can arrive together: 20 simultaneous deliveries of one webhook."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from courses.models import Enrollment
from payments.models import Payment
from payments.tests.factories import PaymentFactory
from payments.tests.fakes import mock_paystack_verify, paystack_event, paystack_signature

DELIVERIES = 20


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_deliveries_succeed_once_and_enroll_once(paystack, gateway_http, caplog):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite serializes every write anyway")
    payment = PaymentFactory()
    mock_paystack_verify(gateway_http, payment.transaction_id)
    raw_body = paystack_event(payment.transaction_id)
    signature = paystack_signature(raw_body)
    start = threading.Barrier(DELIVERIES)
    statuses: list[int] = []

    def deliver():
        try:
            start.wait()
            response = Client().post(
                "/api/payments/webhook/paystack/",
                data=raw_body,
                content_type="application/json",
                HTTP_X_PAYSTACK_SIGNATURE=signature,
            )
            statuses.append(response.status_code)
        finally:
            connections.close_all()  # each thread has its own connection

    threads = [threading.Thread(target=deliver) for _ in range(DELIVERIES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert statuses == [200] * DELIVERIES
    payment.refresh_from_db()
    assert payment.status == "success"
    assert Enrollment.objects.filter(user=payment.user, course=payment.course).count() == 1
    assert Payment.objects.filter(status="success").count() == 1
    # One transition, seen once: no second "success" and no false "already enrolled, refund due" alarm.
    assert caplog.text.count("is now success") == 1
    assert "refund may be due" not in caplog.text
