from django.contrib import admin, messages

from payments import services
from payments.gateways import GatewayUnavailable
from payments.models import GatewayPlan, Payment, SandboxCharge, Subscription


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    """Read-mostly: payments change only through their gateway (`payment_confirm`), never by hand,
    so every field is read-only and there is no add or delete. The one action re-verifies."""

    list_display = ["transaction_id", "user", "course", "plan", "provider", "amount", "currency", "status"]
    list_display += ["created_at"]
    list_filter = ["status", "provider", "currency", "created_at"]
    search_fields = ["transaction_id", "gateway_reference", "user__email", "course__title", "plan__name"]
    list_select_related = ["user", "course", "plan"]
    date_hierarchy = "created_at"
    ordering = ["-created_at"]
    readonly_fields = [
        "id",
        "user",
        "course",
        "plan",
        "subscription",
        "provider",
        "amount",
        "currency",
        "status",
        "transaction_id",
        "gateway_reference",
        "gateway_payload",
        "failure_reason",
        "recorded_by",
        "note",
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


@admin.register(GatewayPlan)
class GatewayPlanAdmin(admin.ModelAdmin):
    """Created on first need by a checkout; read-only here (the gateway holds the other half)."""

    list_display = ["code", "plan", "provider", "currency", "amount", "interval", "created_at"]
    list_filter = ["provider", "currency", "interval"]
    search_fields = ["code", "plan__name"]
    list_select_related = ["plan"]
    readonly_fields = ["id", "plan", "provider", "currency", "amount", "interval", "code", "created_at"]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    """Read-only: a subscription changes through its gateway's webhooks or the owner's cancel."""

    list_display = ["user", "gateway_plan", "provider", "status", "cancelled_at", "created_at"]
    list_filter = ["status", "provider"]
    search_fields = ["user__email", "code", "gateway_plan__plan__name"]
    list_select_related = ["user", "gateway_plan__plan"]
    readonly_fields = ["id", "user", "gateway_plan", "provider", "code", "status", "cancelled_at", "created_at"]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
