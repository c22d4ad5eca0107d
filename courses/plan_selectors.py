"""Reads about plans and who holds them. The access a plan gives is read by the one access rule,
`courses.selectors.has_access` (through `enrolled_course_ids`); here are the lists and the reminders."""

from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from accounts.models import User
from courses.models import Plan, PlanGrant, PlanPrice


def plan_grant_active_q(*, now: datetime, prefix: str = "") -> Q:
    """What "active" means for a grant: it has started and not ended (`starts_at <= now < ends_at`,
    no `ends_at`: no end). Compared with now in the query, so access ends the moment it passes."""
    return Q(**{f"{prefix}starts_at__lte": now}) & (
        Q(**{f"{prefix}ends_at__isnull": True}) | Q(**{f"{prefix}ends_at__gt": now})
    )


def plan_list(*, active_only: bool) -> QuerySet[Plan]:
    """Plans newest first with their prices and course ids: three queries however many plans."""
    plans = Plan.objects.order_by("-created_at").prefetch_related(
        Prefetch("prices", queryset=PlanPrice.objects.order_by("currency")),
        Prefetch("courses", to_attr="course_list"),
    )
    return plans.filter(is_active=True) if active_only else plans


def plan_for_sale(*, plan_id) -> Plan | None:
    """An active plan with its prices, or None: what a payment may buy."""
    return Plan.objects.filter(pk=plan_id, is_active=True).prefetch_related("prices").first()


def plan_grant_list(*, user: User) -> QuerySet[PlanGrant]:
    """`user`'s plan grants, latest start first, with the plan joined: one query."""
    return PlanGrant.objects.filter(user=user).select_related("plan").order_by("-starts_at", "-created_at")


def plan_grants_ending_soon(*, now: datetime, within: timedelta) -> list:
    """Ids of the grants that end within `within` from `now`, not yet reminded, and that hold their
    user's last end for that plan (no later or endless grant of the same plan follows them)."""
    later = PlanGrant.objects.filter(user=OuterRef("user"), plan=OuterRef("plan")).filter(
        Q(ends_at__isnull=True) | Q(ends_at__gt=OuterRef("ends_at"))
    )
    return list(
        PlanGrant.objects.filter(ends_at__gt=now, ends_at__lte=now + within, reminded_at__isnull=True)
        .filter(~Exists(later))
        .values_list("pk", flat=True)
    )
