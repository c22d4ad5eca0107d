from django.contrib import admin

from practice.models import PracticeItem, PracticeTest


class PracticeItemInline(admin.TabularInline):
    """The items the student answered, saved or flagged (the test's `slots` list them all)."""

    model = PracticeItem
    extra = 0
    fields = ("position", "question", "version", "flagged", "answer")
    readonly_fields = fields
    can_delete = False


@admin.register(PracticeTest)
class PracticeTestAdmin(admin.ModelAdmin):
    list_display = ("user", "exam", "mode", "status", "count", "started_at", "finished_at")
    list_filter = ("exam", "mode", "status")
    search_fields = ("user__email",)
    list_select_related = ("user",)
    raw_id_fields = ("user",)
    readonly_fields = ("started_at", "deadline", "finished_at", "result", "slots")
    inlines = [PracticeItemInline]
