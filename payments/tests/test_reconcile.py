from io import StringIO

import pytest
import requests
from django.core.management import call_command

from courses.models import Enrollment
from payments.models import Payment, SandboxCharge
from payments.tests.factories import PaymentFactory
from payments.tests.fakes import make_stale, mock_paystack_verify

pytestmark = pytest.mark.django_db


def reconcile(*args) -> str:
    out = StringIO()
    call_command("reconcile_payments", *args, stdout=out)
    return out.getvalue()


def test_reconcile_settles_stale_pending_payments_and_prints_a_summary(paystack, gateway_http):
    paid = make_stale(PaymentFactory(), minutes=30)
    mock_paystack_verify(gateway_http, paid.transaction_id)
    short = make_stale(PaymentFactory(), minutes=30)
    mock_paystack_verify(gateway_http, short.transaction_id, amount=100)
    abandoned = make_stale(PaymentFactory(provider="sandbox"), minutes=30)
    unreachable = make_stale(PaymentFactory(), minutes=30)
    gateway_http.get(
        f"https://api.paystack.co/transaction/verify/{unreachable.transaction_id}",
        body=requests.exceptions.ConnectTimeout("timed out"),
    )
    fresh = PaymentFactory()  # started just now: left alone
    settled = make_stale(PaymentFactory(status="failed"), minutes=30)  # not pending: left alone

    output = reconcile("--older-than", "10")

    assert output.strip() == (
        "Checked 4 pending payment(s) older than 10 min: 1 succeeded, 1 failed, 1 still pending, 1 gateway unavailable."
    )
    statuses = {p.pk: p.status for p in Payment.objects.all()}
    assert statuses[paid.pk] == "success"
    assert statuses[short.pk] == "failed"
    assert statuses[abandoned.pk] == statuses[unreachable.pk] == statuses[fresh.pk] == "pending"
    assert statuses[settled.pk] == "failed"
    assert Enrollment.objects.get().payment_id == paid.pk
    assert not any(call.request.url.endswith(fresh.transaction_id) for call in gateway_http.calls)


def test_reconcile_settles_a_sandbox_payment_whose_webhook_was_lost(settings):
    payment = make_stale(PaymentFactory(provider="sandbox"), minutes=30)
    SandboxCharge.objects.create(
        payment=payment, outcome="declined", amount=payment.amount, currency="USD", gateway_id="sbx_1"
    )

    assert "1 failed" in reconcile()
    payment.refresh_from_db()
    assert payment.status == "failed"


def test_reconcile_twice_changes_nothing_the_second_time(paystack, gateway_http):
    payment = make_stale(PaymentFactory(), minutes=30)
    verify = mock_paystack_verify(gateway_http, payment.transaction_id)

    reconcile()
    second = reconcile()

    assert second.startswith("Checked 0 pending payment(s)")
    assert len(verify.calls) == 1
    assert Enrollment.objects.count() == 1


def test_reconcile_respects_the_limit(paystack, gateway_http):
    payments = [make_stale(PaymentFactory(provider="sandbox"), minutes=30 + n) for n in range(3)]

    output = reconcile("--limit", "2")

    assert output.startswith("Checked 2 pending payment(s)")
    assert all(p.status == "pending" for p in payments)
