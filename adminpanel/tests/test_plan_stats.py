"""`GET /api/admin/stats/` about plans (issue 14, item 8): plans sold, active subscribers, and
revenue per currency by provider, manual payments included."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from courses.tests.factories import PaidCourseFactory
from courses.tests.plan_factories import PlanFactory, PlanGrantFactory
from payments.models import Payment

pytestmark = pytest.mark.django_db

STATS = "/api/admin/stats/"


def paid(*, provider: str, amount: str, currency: str, plan=None, course=None, status="success", admin=None) -> Payment:
    return Payment.objects.create(
        user=UserFactory(),
        plan=plan,
        course=course,
        provider=provider,
        amount=Decimal(amount),
        currency=currency,
        status=status,
        recorded_by=admin,
        transaction_id=f"tx-{Payment.objects.count()}",
        gateway_reference=f"ref-{Payment.objects.count()}",
    )


def test_plans_sold_counts_successful_plan_payments(admin_client, admin_user):
    plan = PlanFactory()
    paid(provider="paystack", amount="15000.00", currency="NGN", plan=plan)
    paid(provider="manual", amount="15000.00", currency="NGN", plan=plan, admin=admin_user)
    paid(provider="paystack", amount="15000.00", currency="NGN", plan=plan, status="failed")
    paid(provider="sandbox", amount="60.00", currency="USD", course=PaidCourseFactory())

    assert admin_client.get(STATS).json()["plans_sold"] == 2


def test_active_subscribers_are_users_holding_an_active_plan_now(admin_client):
    holder = UserFactory()
    PlanGrantFactory(user=holder)
    PlanGrantFactory(user=holder)  # two plans, one subscriber
    PlanGrantFactory(ends_at=timezone.now() - timedelta(seconds=1), starts_at=timezone.now() - timedelta(days=30))
    PlanGrantFactory(starts_at=timezone.now() + timedelta(days=1))

    assert admin_client.get(STATS).json()["active_subscribers"] == 1


def test_revenue_by_provider_splits_currencies_and_includes_manual(admin_client, admin_user):
    plan, course = PlanFactory(), PaidCourseFactory()
    paid(provider="paystack", amount="15000.00", currency="NGN", plan=plan)
    paid(provider="paystack", amount="10000.50", currency="NGN", plan=plan)
    paid(provider="flutterwave", amount="20.00", currency="USD", plan=plan)
    paid(provider="manual", amount="15000.00", currency="NGN", plan=plan, admin=admin_user)
    paid(provider="sandbox", amount="60.00", currency="USD", course=course, status="pending")

    body = admin_client.get(STATS).json()

    assert body["revenue_by_provider"] == {
        "flutterwave": {"USD": "20.00"},
        "manual": {"NGN": "15000.00"},
        "paystack": {"NGN": "25000.50"},
    }
    assert body["revenue"] == {"NGN": "40000.50", "USD": "20.00"}
