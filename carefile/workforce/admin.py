from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import Allocation, Staff, Team, User

admin.site.site_header = "Carefile administration"
admin.site.site_title = "Carefile administration"


@admin.register(User)
class CarefileUserAdmin(UserAdmin):
    list_display = ("username", "is_active", "last_login")


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "service_area", "manager")
    list_filter = ("service_area",)
    search_fields = ("name",)
    autocomplete_fields = ("manager",)


@admin.register(Staff)
class StaffAdmin(admin.ModelAdmin):
    list_display = ("__str__", "role", "team", "contract", "fte", "start_date", "leave_date", "caseload_cap")
    list_filter = ("role", "contract", "team")
    search_fields = ("given_name", "family_name", "swe_number")
    autocomplete_fields = ("user",)


@admin.register(Allocation)
class AllocationAdmin(admin.ModelAdmin):
    """Allocations are changed through the allocation page, which writes the chronology: read only here."""

    list_display = ("child_id", "worker", "role", "start", "end", "reason")
    list_filter = ("role", "reason")
    raw_id_fields = ("child", "worker", "by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
