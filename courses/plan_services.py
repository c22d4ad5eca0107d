"""Writes for plans and plan grants. Each service names the rule it enforces.

`plan_grant` is the one way anybody comes to hold a plan: a payment (first or renewal), an access
code, an import, an admin. Payments call it from `payments.services`; codes and imports from theirs.
"""

from datetime import datetime, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.db.models.deletion import ProtectedError
from django.utils import timezone

from accounts.models import User
from core.exceptions import ApplicationError
from courses.models import Course, Plan, PlanGrant, PlanPrice
from courses.plan_selectors import plan_grants_ending_soon

PLAN_HAS_GRANTS = "This plan has been granted or paid for and cannot be deleted. Deactivate it instead."
DUPLICATE_CURRENCY = "Each currency may have one price only."
UNKNOWN_COURSES = "Unknown course ids."


# The end of a plan held for good, in `_held_ends`.
FOREVER = "forever"


def _held_ends(*, user_ids, plan_ids) -> dict:
    """For each (user id, plan id) with grants: the latest `ends_at`, or `FOREVER` when one has no
    end. One query, however many pairs."""
    rows = (
        PlanGrant.objects.filter(user_id__in=user_ids, plan_id__in=plan_ids)
        .values("user_id", "plan_id")
        .annotate(end=Max("ends_at"), endless=Count("pk", filter=Q(ends_at__isnull=True)))
        .order_by()
    )
    return {(row["user_id"], row["plan_id"]): FOREVER if row["endless"] else row["end"] for row in rows}


def _period(*, plan: Plan, held_end, now: datetime) -> tuple[datetime, datetime | None]:
    """The stacking rule: a grant starts at the later of now and the end of what is held (a plan held
    for good: now, and changes nothing), and lasts the plan's `duration_days` (none: no end)."""
    starts_at = held_end if isinstance(held_end, datetime) and held_end > now else now
    return starts_at, None if plan.duration_days is None else starts_at + timedelta(days=plan.duration_days)


def plan_grant(*, user: User, plan: Plan, source: str, granted_by: User | None = None, payment=None) -> PlanGrant:
    """Give `user` the plan for its `duration_days`, starting at the later of now and the end of the
    access they already hold for this plan (renewals stack; a plan with no end grants for good).

    Race-safe: the user's row is locked while their current end is read and the grant written, so two
    concurrent grants (a webhook and a code, two renewals) stack one after the other instead of both
    starting at the same end. A `payment` grants once: asked again, the existing grant is returned
    (the database's unique payment guards it).
    """
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        if payment is not None:
            existing = PlanGrant.objects.filter(payment=payment).first()
            if existing is not None:
                return existing
        held_end = _held_ends(user_ids=[user.pk], plan_ids=[plan.pk]).get((user.pk, plan.pk))
        starts_at, ends_at = _period(plan=plan, held_end=held_end, now=timezone.now())
        try:
            with transaction.atomic():
                grant = PlanGrant.objects.create(
                    user=user,
                    plan=plan,
                    starts_at=starts_at,
                    ends_at=ends_at,
                    source=source,
                    granted_by=granted_by,
                    payment=payment,
                )
        except IntegrityError:
            if payment is None:
                raise
            return PlanGrant.objects.get(payment=payment)
    return grant


def plan_grants_bulk(
    *, pairs: list[tuple[User, Plan]], source: str, granted_by: User | None = None, unless_held: bool = False
) -> list[PlanGrant]:
    """`plan_grant` for many (user, plan) pairs at once (an import, a batch of codes): the same lock
    on the users and the same stacking rule, in three queries whatever the number of pairs. With
    `unless_held`, a user who already holds the plan (now or later) gets nothing new: a re-upload of
    the same sheet grants nothing twice. Returns the grants made."""
    if not pairs:
        return []
    with transaction.atomic():
        user_ids = {user.pk for user, _ in pairs}
        list(User.objects.select_for_update().filter(pk__in=user_ids).values_list("pk", flat=True))
        held = _held_ends(user_ids=user_ids, plan_ids={plan.pk for _, plan in pairs})
        now = timezone.now()
        grants = []
        for user, plan in pairs:
            held_end = held.get((user.pk, plan.pk))
            if unless_held and (held_end == FOREVER or (held_end is not None and held_end > now)):
                continue
            starts_at, ends_at = _period(plan=plan, held_end=held_end, now=now)
            grants.append(
                PlanGrant(
                    user=user, plan=plan, starts_at=starts_at, ends_at=ends_at, source=source, granted_by=granted_by
                )
            )
            # A second pair for the same user and plan stacks on this one.
            held[(user.pk, plan.pk)] = FOREVER if ends_at is None else ends_at
        return PlanGrant.objects.bulk_create(grants)


def _prices_set(*, plan: Plan, prices: list[dict]) -> None:
    currencies = [price["currency"].upper() for price in prices]
    if len(set(currencies)) != len(currencies):
        raise ApplicationError("Invalid input data.", errors={"prices": [DUPLICATE_CURRENCY]})
    plan.prices.all().delete()
    PlanPrice.objects.bulk_create(
        PlanPrice(plan=plan, currency=price["currency"].upper(), amount=Decimal(price["amount"])) for price in prices
    )


def _courses_set(*, plan: Plan, course_ids: list) -> None:
    courses = list(Course.objects.filter(pk__in=course_ids))
    if len(courses) != len(set(course_ids)):
        raise ApplicationError("Invalid input data.", errors={"course_ids": [UNKNOWN_COURSES]})
    plan.courses.set(courses)


def plan_create(
    *,
    name: str,
    prices: list[dict],
    description: str = "",
    duration_days: int | None = None,
    all_courses: bool = False,
    course_ids: list | None = None,
    is_active: bool = True,
) -> Plan:
    """Create a plan with its prices and courses, all or nothing. Rule: one price per currency."""
    with transaction.atomic():
        plan = Plan.objects.create(
            name=name,
            description=description,
            duration_days=duration_days,
            all_courses=all_courses,
            is_active=is_active,
        )
        _prices_set(plan=plan, prices=prices)
        _courses_set(plan=plan, course_ids=course_ids or [])
    return plan


def plan_update(*, plan: Plan, prices: list[dict] | None = None, course_ids: list | None = None, **changes) -> Plan:
    """Change a plan; what is not given keeps its value. `prices` and `course_ids`, when given,
    replace the whole set. Grants already made keep their dates."""
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        for field, value in changes.items():
            setattr(plan, field, value)
        plan.save()
        if prices is not None:
            _prices_set(plan=plan, prices=prices)
        if course_ids is not None:
            _courses_set(plan=plan, course_ids=course_ids)
    return plan


def plan_delete(*, plan: Plan) -> None:
    """Delete a plan nobody holds or paid for; otherwise 409 (it is kept for the records)."""
    try:
        with transaction.atomic():
            plan.delete()
    except ProtectedError:
        raise ApplicationError(PLAN_HAS_GRANTS, status=409) from None


REMINDER_DAYS = 3


def plan_expiry_reminders_due() -> list:
    """The grants whose end is worth a "your plan ends in three days" email, each marked
    `reminded_at` now, so every end is announced once (the conditional UPDATE is the guard when two
    beat runs overlap). A renewal made before then moves the user's end to a later grant."""
    now = timezone.now()
    due = []
    for grant_id in plan_grants_ending_soon(now=now, within=timedelta(days=REMINDER_DAYS)):
        if PlanGrant.objects.filter(pk=grant_id, reminded_at__isnull=True).update(reminded_at=now):
            due.append(grant_id)
    return due
