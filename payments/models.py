import uuid

from django.conf import settings
from django.db import models


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
