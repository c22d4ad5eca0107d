"""Payment request and response shapes (contract section 4). Explicit fields only."""

from decimal import Decimal

from rest_framework import serializers

from payments.gateways import PAYMENT_METHODS
from payments.models import Payment, Subscription

CARD_DETAILS_REFUSED = (
    "Card details are never accepted by this API: you enter them on the payment provider's checkout page."
)
# Keys that can only mean card data. Refused before any other check, and never echoed back.
CARD_DATA_KEYS = frozenset({"card_details", "card", "card_number", "cardNumber", "cvv", "cvc"})


COURSE_OR_PLAN = "Give either course_id or plan_id."


def _course_or_plan(data: dict) -> dict:
    if (data.get("course_id") is None) == (data.get("plan_id") is None):
        raise serializers.ValidationError({"non_field_errors": [COURSE_OR_PLAN]})
    return data


class PaymentInitiateSerializer(serializers.Serializer):
    course_id = serializers.UUIDField(required=False, help_text="The course to buy; or give `plan_id`.")
    plan_id = serializers.UUIDField(required=False, help_text="The plan to buy (or renew); or give `course_id`.")
    payment_method = serializers.ChoiceField(choices=PAYMENT_METHODS)
    currency = serializers.RegexField(
        r"^[A-Za-z]{3}$",
        required=False,
        help_text="ISO 4217; the course's, or one of the plan's (else `Currency not offered for this plan.`).",
    )
    # Any exact decimal: compared with the price, never used as the amount to charge.
    amount = serializers.DecimalField(
        max_digits=None, decimal_places=None, required=False, help_text="Optional; must equal the price."
    )

    def to_internal_value(self, data):
        if hasattr(data, "keys") and CARD_DATA_KEYS.intersection(data.keys()):
            raise serializers.ValidationError({"non_field_errors": [CARD_DETAILS_REFUSED]})
        return super().to_internal_value(data)

    def validate(self, data):
        return _course_or_plan(data)


class ManualPaymentInputSerializer(serializers.Serializer):
    user_id = serializers.UUIDField()
    course_id = serializers.UUIDField(required=False)
    plan_id = serializers.UUIDField(required=False)
    amount = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=Decimal("0.01"))
    currency = serializers.RegexField(r"^[A-Za-z]{3}$", help_text="ISO 4217.")
    reference = serializers.CharField(max_length=128, help_text="The bank transfer's or receipt's reference.")
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)

    def validate(self, data):
        return _course_or_plan(data)


class PaymentInitiateResponseSerializer(serializers.Serializer):
    message = serializers.CharField()
    transaction_id = serializers.CharField()
    redirect_url = serializers.URLField()


class PaymentStatusSerializer(serializers.Serializer):
    transaction_id = serializers.CharField()
    status = serializers.ChoiceField(choices=Payment.Status.choices)
    message = serializers.CharField()
    enrollment_status = serializers.ChoiceField(choices=["enrolled", "pending", "failed"])


class PaymentSerializer(serializers.ModelSerializer):
    """What a payment bought: a course (`course_id`, `course_title`) or a plan (`plan_id`, `plan_name`)."""

    course_id = serializers.UUIDField(read_only=True, allow_null=True)
    course_title = serializers.CharField(source="course.title", read_only=True, allow_null=True, default=None)
    plan_id = serializers.UUIDField(read_only=True, allow_null=True)
    plan_name = serializers.CharField(source="plan.name", read_only=True, allow_null=True, default=None)

    class Meta:
        model = Payment
        fields = [
            "id",
            "transaction_id",
            "course_id",
            "course_title",
            "plan_id",
            "plan_name",
            "provider",
            "amount",
            "currency",
            "status",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class AdminPaymentSerializer(PaymentSerializer):
    user_id = serializers.UUIDField(read_only=True)
    user_email = serializers.EmailField(source="user.email", read_only=True)
    recorded_by_id = serializers.UUIDField(read_only=True, allow_null=True, help_text="Manual payments: the admin.")

    class Meta(PaymentSerializer.Meta):
        fields = [
            *PaymentSerializer.Meta.fields,
            "user_id",
            "user_email",
            "gateway_reference",
            "failure_reason",
            "recorded_by_id",
            "note",
        ]
        read_only_fields = fields


class SubscriptionSerializer(serializers.ModelSerializer):
    plan_id = serializers.UUIDField(source="gateway_plan.plan_id", read_only=True)
    plan_name = serializers.CharField(source="gateway_plan.plan.name", read_only=True)
    currency = serializers.CharField(source="gateway_plan.currency", read_only=True)
    amount = serializers.DecimalField(source="gateway_plan.amount", max_digits=10, decimal_places=2, read_only=True)
    interval = serializers.CharField(source="gateway_plan.interval", read_only=True)

    class Meta:
        model = Subscription
        fields = [
            "id",
            "plan_id",
            "plan_name",
            "provider",
            "currency",
            "amount",
            "interval",
            "status",
            "cancelled_at",
            "created_at",
        ]
        read_only_fields = fields


class WebhookAckSerializer(serializers.Serializer):
    message = serializers.CharField()


class SandboxDecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["pay", "decline"])
    token = serializers.CharField()
