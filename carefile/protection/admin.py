"""Admin for child protection: the council sets its local timescales here. The records themselves are written
in Carefile through its services (which write the chronology), so the admin shows them read-only."""

from django.contrib import admin

from .models import (
    ChildProtectionPlan,
    ClockEscalation,
    Conference,
    ProtectionSettings,
    Section47Enquiry,
    StrategyDiscussion,
)


@admin.register(ProtectionSettings)
class ProtectionSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "core_group_every_weeks", "enquiry_working_days", "escalation_working_days"]

    def has_add_permission(self, request) -> bool:
        return not ProtectionSettings.objects.exists()


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(StrategyDiscussion)
class StrategyDiscussionAdmin(ReadOnlyAdmin):
    list_display = ["child", "held_at", "decision"]
    list_select_related = ["child"]


@admin.register(Section47Enquiry)
class Section47EnquiryAdmin(ReadOnlyAdmin):
    list_display = ["child", "start_date", "icpc_target", "outcome", "closed_on"]
    list_select_related = ["child"]


@admin.register(Conference)
class ConferenceAdmin(ReadOnlyAdmin):
    list_display = ["child", "kind", "target_date", "scheduled_at", "held_on", "decision"]
    list_select_related = ["child"]


@admin.register(ChildProtectionPlan)
class ChildProtectionPlanAdmin(ReadOnlyAdmin):
    list_display = ["child", "start", "end", "initial_category", "latest_category"]
    list_select_related = ["child"]


@admin.register(ClockEscalation)
class ClockEscalationAdmin(ReadOnlyAdmin):
    list_display = ["recipient", "child", "label", "due", "warned_on", "emailed"]
    list_select_related = ["recipient", "child"]
