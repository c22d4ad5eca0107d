"""The admin site: batches of access codes with their codes and who used them, and a student import page."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from admissions import imports
from admissions.models import AccessCode, AccessCodeBatch, AccessCodeRedemption, StudentImport
from admissions.services import code_canonical
from core.admin import ReadOnlyAdmin
from core.exceptions import ApplicationError


class AccessCodeInline(admin.TabularInline):
    model = AccessCode
    fields = ["grouped", "max_uses", "uses"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(AccessCodeBatch)
class AccessCodeBatchAdmin(admin.ModelAdmin):
    """Batches are made through the API (`POST /api/admin/access-codes/`), which draws the codes; here
    they are read, with their codes inline."""

    list_display = ["__str__", "course", "plan", "max_uses", "expires_at", "created_by", "created_at"]
    list_select_related = ["course", "plan", "created_by"]
    list_filter = ["created_at", "expires_at"]
    search_fields = ["course__title", "plan__name", "codes__code"]
    readonly_fields = ["id", "course", "plan", "max_uses", "created_by", "created_at"]
    fields = ["id", "course", "plan", "max_uses", "expires_at", "created_by", "created_at"]
    inlines = [AccessCodeInline]

    def has_add_permission(self, request):
        return False


class AccessCodeRedemptionInline(admin.TabularInline):
    model = AccessCodeRedemption
    fields = ["user", "redeemed_at", "ip_address", "enrollment", "plan_grant"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(AccessCodeRedemption)
class AccessCodeRedemptionAdmin(admin.ModelAdmin):
    """The audit of redemptions: who used which code, when, from where. Read-only."""

    list_display = ["code", "user", "redeemed_at", "ip_address"]
    list_select_related = ["code", "user"]
    search_fields = ["code__code", "user__email"]
    date_hierarchy = "redeemed_at"
    readonly_fields = ["code", "user", "redeemed_at", "ip_address", "enrollment", "plan_grant"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AccessCode)
class AccessCodeAdmin(admin.ModelAdmin):
    list_display = ["grouped", "batch", "uses", "max_uses"]
    list_select_related = ["batch__course", "batch__plan"]
    search_fields = ["code", "redemptions__user__email"]
    readonly_fields = ["batch", "code", "max_uses", "uses"]
    inlines = [AccessCodeRedemptionInline]

    def get_search_results(self, request, queryset, search_term):
        # Find a code as printed: `abcd-efgh-jkmn` is `ABCDEFGHJKMN`.
        return super().get_search_results(request, queryset, code_canonical(search_term) or search_term)

    def has_add_permission(self, request):
        return False


@admin.register(StudentImport)
class StudentImportAdmin(ReadOnlyAdmin):
    """The admin site's import page (Admissions > Student imports): upload a sheet, optionally as a
    dry run; the same service and rules as `POST /api/admin/users/import/`."""

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {**self.admin_site.each_context(request), "title": "Import students", "errors": None}
        if request.method == "POST" and request.FILES.get("file"):
            dry_run = bool(request.POST.get("dry_run"))
            try:
                result = imports.students_import(file=request.FILES["file"], granted_by=request.user, dry_run=dry_run)
            except ApplicationError as error:
                context["errors"] = {"detail": error.message, "errors": error.errors}
            else:
                verb = "Would import" if dry_run else "Imported"
                summary = f"{result.created} new, {result.existing} existing, {result.granted} grants"
                messages.success(request, f"{verb}: {summary}.")
                return redirect(request.path)
        return TemplateResponse(request, "admissions/student_import.html", context)
