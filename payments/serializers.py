"""Payment request and response shapes (contract section 4). Explicit fields only."""

from rest_framework import serializers

from payments.gateways import PAYMENT_METHODS
from payments.models import Payment

CARD_DETAILS_REFUSED = (
    "Card details are never accepted by this API: you enter them on the payment provider's checkout page."
)
# Keys that can only mean card data. Refused before any other check, and never echoed back.
CARD_DATA_KEYS = frozenset({"card_details", "card", "card_number", "cardNumber", "cvv", "cvc"})


class PaymentInitiateSerializer(serializers.Serializer):
    course_id = serializers.UUIDField()
    payment_method = serializers.ChoiceField(choices=PAYMENT_METHODS)
    currency = serializers.RegexField(r"^[A-Za-z]{3}$", required=False, help_text="ISO 4217; must be the course's.")
    # Any exact decimal: compared with the course price, never used as the amount to charge.
    amount = serializers.DecimalField(
        max_digits=None, decimal_places=None, required=False, help_text="Optional; must equal the course price."
    )

    def to_internal_value(self, data):
        if hasattr(data, "keys") and CARD_DATA_KEYS.intersection(data.keys()):
            raise serializers.ValidationError({"non_field_errors": [CARD_DETAILS_REFUSED]})
        return super().to_internal_value(data)


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
    course_id = serializers.UUIDField(read_only=True)
    course_title = serializers.CharField(source="course.title", read_only=True)

    class Meta:
        model = Payment
        fields = [
            "id",
            "transaction_id",
            "course_id",
            "course_title",
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

    class Meta(PaymentSerializer.Meta):
        fields = [*PaymentSerializer.Meta.fields, "user_id", "user_email", "gateway_reference", "failure_reason"]
        read_only_fields = fields


class WebhookAckSerializer(serializers.Serializer):
    message = serializers.CharField()


class SandboxDecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["pay", "decline"])
    token = serializers.CharField()
