"""Django admin for the cross-cutting records.

The council maintains its bank-holiday overrides here. The chronology and the access log are records of
what happened: the admin can look at them but never add, change or delete a row.
"""

from django.contrib import admin

from .models import AccessLog, BankHolidayOverride, ChronologyEvent


@admin.register(BankHolidayOverride)
class BankHolidayOverrideAdmin(admin.ModelAdmin):
    list_display = ["date", "name", "is_holiday"]
    list_filter = ["is_holiday"]
    search_fields = ["name"]
    ordering = ["date"]
    date_hierarchy = "date"


class ReadOnlyAdmin(admin.ModelAdmin):
    """Viewable by those with the view permission; nobody, not even a superuser, can add, change or delete."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ChronologyEvent)
class ChronologyEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "person", "kind", "summary", "by", "recorded_at"]
    list_filter = ["kind"]
    list_select_related = ["person", "by"]
    search_fields = ["summary"]
    ordering = ["-at", "-id"]
    date_hierarchy = "at"


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "person_ref", "view_name", "path", "reason"]
    list_select_related = ["user"]
    search_fields = ["=person_ref", "view_name", "path"]
    ordering = ["-id"]
    show_full_result_count = False  # the log only grows; don't count the whole table on every search
