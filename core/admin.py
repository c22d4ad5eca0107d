"""Admin-site pieces every app uses."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record the admin site shows and never writes: no add, change or delete (a history, an
    item's past versions, a page that works through a service instead)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
