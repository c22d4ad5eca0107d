import uuid

from django.conf import settings
from django.db import models

# The shape of every transaction id we issue (`NCX-<hex>`), at most the column's 64 characters.
# A reference of any other shape (from a URL or a webhook) is no payment of ours and is not looked up.
TRANSACTION_ID_PATTERN = r"[A-Za-z0-9._-]{1,64}"


class Payment(models.Model):
    """One attempt to buy one course or one plan (exactly one of the two: what it bought). Status
    moves only pending -> success | failed. A `manual` payment (a bank transfer or cash an admin
    recorded) is born `success`, with the admin in `recorded_by`."""

    class Provider(models.TextChoices):
        PAYSTACK = "paystack", "Paystack"
        FLUTTERWAVE = "flutterwave", "Flutterwave"
        SANDBOX = "sandbox", "Sandbox"
        MANUAL = "manual", "Manual (bank transfer, cash)"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SUCCESS = "success", "Success"
        FAILED = "failed", "Failed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="payments")
    course = models.ForeignKey(
        "courses.Course", null=True, blank=True, on_delete=models.PROTECT, related_name="payments"
    )
    plan = models.ForeignKey("courses.Plan", null=True, blank=True, on_delete=models.PROTECT, related_name="payments")
    # The gateway subscription a plan payment started or renewed (recurring plans only).
    subscription = models.ForeignKey(
        "payments.Subscription", null=True, blank=True, on_delete=models.PROTECT, related_name="payments"
    )
    # A manual payment: the admin who entered it, and their note (the bank reference is `gateway_reference`).
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(blank=True)
    provider = models.CharField(max_length=20, choices=Provider.choices)
    amount = models.DecimalField(max_digits=10, decimal_places=2)
    currency = models.CharField(max_length=3)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    # Ours, unique, sent to the gateway as its reference.
    transaction_id = models.CharField(max_length=64, unique=True)
    # The gateway's own id for the charge, once known.
    gateway_reference = models.CharField(max_length=128, blank=True)
    # What the gateway's verify API answered, kept for audits and disputes (never card data).
    gateway_payload = models.JSONField(default=dict, blank=True)
    failure_reason = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payments_payment_amount_positive"),
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "success", "failed"]), name="payments_payment_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(provider__in=["paystack", "flutterwave", "sandbox", "manual"]),
                name="payments_payment_provider_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(course__isnull=False, plan__isnull=True)
                | models.Q(course__isnull=True, plan__isnull=False),
                name="payments_payment_buys_course_or_plan",
            ),
            models.CheckConstraint(
                condition=~models.Q(provider="manual") | models.Q(recorded_by__isnull=False, status="success"),
                name="payments_payment_manual_recorded",
            ),
            # A bank transfer's reference is entered once.
            models.UniqueConstraint(
                fields=["gateway_reference"],
                condition=models.Q(provider="manual"),
                name="payments_payment_manual_reference_unique",
            ),
        ]
        indexes = [models.Index(fields=["user", "-created_at"], name="payments_user_recent")]

    def __str__(self):
        return f"{self.transaction_id} {self.status}"


class SandboxCharge(models.Model):
    """What the built-in sandbox gateway's checkout page decided for one sandbox payment.

    This is the sandbox's own "gateway-side" record: its verify API reads it, so a sandbox payment is
    confirmed by the same re-verification step as a real gateway's, never by the webhook body alone.
    """

    class Outcome(models.TextChoices):
        PAID = "paid", "Paid"
        DECLINED = "declined", "Declined"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # One decision per payment: the first button pressed wins (the database guards it).
    payment = models.OneToOneField(Payment, on_delete=models.PROTECT, related_name="sandbox_charge")
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    amount = models.DecimalField(max_digits=10, decimal_places=2)
    currency = models.CharField(max_length=3)
    # The sandbox's own id for the charge, as a real gateway would hand back.
    gateway_id = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(outcome__in=["paid", "declined"]), name="payments_sandboxcharge_outcome_valid"
            ),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payments_sandboxcharge_amount_positive"),
        ]

    def __str__(self):
        return f"{self.gateway_id} {self.outcome}"


class GatewayPlan(models.Model):
    """A plan's recurring counterpart at a gateway, per currency: a Paystack plan (`PLN_...` code) or
    a Flutterwave payment plan (numeric id). Created on first need, then reused for every subscriber."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey("courses.Plan", on_delete=models.CASCADE, related_name="gateway_plans")
    provider = models.CharField(max_length=20)
    currency = models.CharField(max_length=3)
    amount = models.DecimalField(max_digits=10, decimal_places=2)
    interval = models.CharField(max_length=20)
    code = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # One per plan, provider, currency and price: a price change makes a new gateway plan.
            models.UniqueConstraint(
                fields=["plan", "provider", "currency", "amount"], name="payments_gatewayplan_one_per_price"
            ),
            models.UniqueConstraint(fields=["provider", "code"], name="payments_gatewayplan_code_unique"),
        ]

    def __str__(self):
        return f"{self.provider} {self.code}"


class Subscription(models.Model):
    """A user's recurring plan at a gateway: each renewal charge the gateway reports extends their
    access once (`payments.services.subscription_renewal_record`); cancelling stops the next one."""

    class Status(models.TextChoices):
        # Checkout started; becomes active when its first payment succeeds.
        PENDING = "pending", "Pending first payment"
        ACTIVE = "active", "Active"
        CANCELLED = "cancelled", "Cancelled"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="subscriptions")
    gateway_plan = models.ForeignKey(GatewayPlan, on_delete=models.PROTECT, related_name="subscriptions")
    provider = models.CharField(max_length=20)
    # The gateway's subscription id (Paystack `SUB_...`, Flutterwave's numeric id), once known.
    code = models.CharField(max_length=64, blank=True)
    # Paystack's `email_token`, needed to disable a subscription.
    token = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "active", "cancelled"]),
                name="payments_subscription_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["user", "status"], name="payments_subscription_user")]

    def __str__(self):
        return f"{self.user} {self.gateway_plan} {self.status}"
