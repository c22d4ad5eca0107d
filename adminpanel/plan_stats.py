"""The dashboard's numbers about plans and money by provider (issue 14, item 8)."""

from datetime import datetime
from decimal import Decimal

from django.db.models import Count, Q, Sum

from courses.models import PlanGrant
from courses.plan_selectors import plan_grant_active_q
from payments.models import Payment


def plan_sales_stats(*, now: datetime) -> dict:
    """Three aggregate queries: `plans_sold` (successful plan payments: first purchases, renewals and
    manual ones), `active_subscribers` (users holding an active plan now, whatever the source) and
    `revenue_by_provider` (successful payments summed per provider, then per currency; manual included)."""
    sold = Payment.objects.filter(status=Payment.Status.SUCCESS).aggregate(
        plans=Count("id", filter=Q(plan__isnull=False))
    )
    subscribers = PlanGrant.objects.filter(plan_grant_active_q(now=now)).aggregate(users=Count("user", distinct=True))
    revenue = (
        Payment.objects.filter(status=Payment.Status.SUCCESS)
        .values("provider", "currency")
        .annotate(total=Sum("amount"))
        .order_by("provider", "currency")
    )
    by_provider: dict[str, dict[str, Decimal]] = {}
    for row in revenue:
        by_provider.setdefault(row["provider"], {})[row["currency"]] = row["total"] or Decimal("0.00")
    return {
        "plans_sold": sold["plans"],
        "active_subscribers": subscribers["users"],
        "revenue_by_provider": by_provider,
    }
