"""Plans: what a school sells besides single courses. A plan covers every course or a set of them,
for `duration_days` (or with no end), priced once per currency. Holding a plan is a `PlanGrant`:
one row per grant (a payment, a code, an admin), so renewals stack and every grant is traceable.

Who may watch a course through a plan is decided by `courses.selectors.has_access`.
"""

import uuid

from django.conf import settings
from django.db import models

from courses.models.catalogue import Course


class Plan(models.Model):
    """A bundle of access for sale. `is_active` decides whether it is offered (listed, bought, given
    through new codes); grants already made keep their access when a plan is withdrawn."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    # None: access never ends.
    duration_days = models.PositiveIntegerField(null=True, blank=True)
    all_courses = models.BooleanField(default=False)
    courses = models.ManyToManyField(Course, blank=True, related_name="plans")
    is_active = models.BooleanField(default=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(name=""), name="courses_plan_name_not_blank"),
            models.CheckConstraint(
                condition=models.Q(duration_days__isnull=True) | models.Q(duration_days__gt=0),
                name="courses_plan_duration_positive",
            ),
        ]

    def __str__(self):
        return self.name


class PlanPrice(models.Model):
    """What a plan costs in one currency; a plan is sold only in the currencies it has a price in."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="prices")
    currency = models.CharField(max_length=3)
    amount = models.DecimalField(max_digits=10, decimal_places=2)

    class Meta:
        ordering = ["currency"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "currency"], name="courses_planprice_one_per_currency"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="courses_planprice_amount_positive"),
            models.CheckConstraint(
                condition=models.Q(currency__regex=r"^[A-Z]{3}$"), name="courses_planprice_currency_iso"
            ),
        ]

    def __str__(self):
        return f"{self.plan} {self.amount} {self.currency}"


class PlanGrant(models.Model):
    """`user` holds `plan` from `starts_at` until `ends_at` (None: no end). A grant is active while
    `starts_at <= now < ends_at`; a renewal starts where the user's current access ends."""

    class Source(models.TextChoices):
        PAYMENT = "payment", "Payment"
        CODE = "code", "Access code"
        ADMIN = "admin", "Granted by an admin"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_grants")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="grants")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField(null=True, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    payment = models.ForeignKey(
        "payments.Payment", null=True, blank=True, on_delete=models.PROTECT, related_name="plan_grants"
    )
    # When the "your plan ends in three days" email went out for this grant's end.
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(source__in=["payment", "code", "admin"]), name="courses_plangrant_source_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True) | models.Q(ends_at__gt=models.F("starts_at")),
                name="courses_plangrant_ends_after_start",
            ),
            # A payment grants once, however many times its webhook arrives.
            models.UniqueConstraint(
                fields=["payment"], condition=models.Q(payment__isnull=False), name="courses_plangrant_one_per_payment"
            ),
        ]
        indexes = [models.Index(fields=["user", "plan", "ends_at"], name="courses_plangrant_user_plan")]

    def __str__(self):
        return f"{self.user} holds {self.plan}"
