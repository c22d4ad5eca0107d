import uuid

from django.conf import settings
from django.db import models

# The shape of every transaction id we issue (`NCX-<hex>`), at most the column's 64 characters.
# A reference of any other shape (from a URL or a webhook) is no payment of ours and is not looked up.
TRANSACTION_ID_PATTERN = r"[A-Za-z0-9._-]{1,64}"


class Payment(models.Model):
    """One attempt to buy one course. Status moves only pending -> success | failed."""

    class Provider(models.TextChoices):
        PAYSTACK = "paystack", "Paystack"
        FLUTTERWAVE = "flutterwave", "Flutterwave"
        SANDBOX = "sandbox", "Sandbox"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SUCCESS = "success", "Success"
        FAILED = "failed", "Failed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="payments")
    course = models.ForeignKey("courses.Course", on_delete=models.PROTECT, related_name="payments")
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
                condition=models.Q(provider__in=["paystack", "flutterwave", "sandbox"]),
                name="payments_payment_provider_valid",
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
