"""The Django admin site for plans (imported by `courses.admin`): plans with their prices and
courses, and plan grants. A grant added here goes through `plan_grant`, so it stacks like any other."""

from django.contrib import admin, messages

from courses.models import Plan, PlanGrant, PlanPrice
from courses.plan_services import PLAN_HAS_GRANTS, plan_grant


class PlanPriceInline(admin.TabularInline):
    model = PlanPrice
    extra = 1


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["name", "duration_days", "all_courses", "is_active", "created_at"]
    list_filter = ["is_active", "all_courses"]
    search_fields = ["name", "description"]
    filter_horizontal = ["courses"]
    inlines = [PlanPriceInline]
    readonly_fields = ["id", "created_at", "updated_at"]
    fields = ["id", "name", "description", "duration_days", "all_courses", "courses", "is_active"]
    fields += ["created_at", "updated_at"]

    def delete_queryset(self, request, queryset):
        # A plan somebody holds or paid for is kept (PROTECT): say so instead of a 500.
        for plan in queryset:
            if plan.grants.exists() or plan.payments.exists():
                self.message_user(request, f"{plan}: {PLAN_HAS_GRANTS}", level=messages.ERROR)
            else:
                plan.delete()


@admin.register(PlanGrant)
class PlanGrantAdmin(admin.ModelAdmin):
    """Grants are read-only once made; adding one gives the plan from the user's current end."""

    list_display = ["user", "plan", "starts_at", "ends_at", "source", "granted_by", "created_at"]
    list_filter = ["source", "plan"]
    search_fields = ["user__email", "user__full_name", "plan__name"]
    list_select_related = ["user", "plan", "granted_by"]
    raw_id_fields = ["user"]
    date_hierarchy = "starts_at"

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["user", "plan"]
        return ["id", "user", "plan", "starts_at", "ends_at", "source", "granted_by", "payment", "reminded_at"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.get_fields(request, obj)

    def save_model(self, request, obj, form, change):
        if change:
            return
        grant = plan_grant(user=obj.user, plan=obj.plan, source=PlanGrant.Source.ADMIN, granted_by=request.user)
        for field in ("id", "starts_at", "ends_at", "source", "granted_by_id", "created_at"):
            setattr(obj, field, getattr(grant, field))
        obj._state.adding = False

    def has_delete_permission(self, request, obj=None):
        return False
