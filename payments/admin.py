from django.contrib import admin, messages

from payments import services
from payments.gateways import GatewayUnavailable
from payments.models import Payment, SandboxCharge


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    """Read-mostly: payments change only through their gateway (`payment_confirm`), never by hand,
    so every field is read-only and there is no add or delete. The one action re-verifies."""

    list_display = ["transaction_id", "user", "course", "provider", "amount", "currency", "status", "created_at"]
    list_filter = ["status", "provider", "currency", "created_at"]
    search_fields = ["transaction_id", "gateway_reference", "user__email", "course__title"]
    list_select_related = ["user", "course"]
    date_hierarchy = "created_at"
    ordering = ["-created_at"]
    readonly_fields = [
        "id",
        "user",
        "course",
        "provider",
        "amount",
        "currency",
        "status",
        "transaction_id",
        "gateway_reference",
        "gateway_payload",
        "failure_reason",
        "created_at",
        "updated_at",
    ]
    fields = readonly_fields
    actions = ["reverify"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Re-verify selected pending payments with their gateway")
    def reverify(self, request, queryset):
        settled = unavailable = 0
        for payment in queryset.filter(status=Payment.Status.PENDING):
            try:
                if services.payment_confirm(payment=payment).status != Payment.Status.PENDING:
                    settled += 1
            except GatewayUnavailable:
                unavailable += 1
        self.message_user(request, f"{settled} settled; {unavailable} could not be verified right now.")
        if unavailable:
            self.message_user(request, "Some gateways were unavailable; try again later.", level=messages.WARNING)


@admin.register(SandboxCharge)
class SandboxChargeAdmin(admin.ModelAdmin):
    list_display = ["gateway_id", "payment", "outcome", "amount", "currency", "created_at"]
    list_filter = ["outcome"]
    search_fields = ["gateway_id", "payment__transaction_id"]
    list_select_related = ["payment"]
    readonly_fields = ["id", "payment", "outcome", "amount", "currency", "gateway_id", "created_at"]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
