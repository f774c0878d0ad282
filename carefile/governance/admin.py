"""The retention rules are data the council edits here. Break-glass accesses, alerts, disposals and legal holds
are records of what happened: viewable, never changed here."""

from django.contrib import admin

from carefile.common.admin import ReadOnlyAdmin

from .models import Alert, BreakGlassAccess, DisposalRecord, LegalHold, RetentionRule


@admin.register(RetentionRule)
class RetentionRuleAdmin(admin.ModelAdmin):
    list_display = [
        "category",
        "description",
        "years_from_birth",
        "years_from_closure",
        "years_from_adoption_order",
    ]

    def has_add_permission(self, request) -> bool:
        return False  # one rule per category, created with the defaults

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(BreakGlassAccess)
class BreakGlassAccessAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "person_id", "expires", "reason"]
    list_select_related = ["user"]
    ordering = ["-at"]


@admin.register(Alert)
class AlertAdmin(ReadOnlyAdmin):
    list_display = ["at", "recipient", "kind", "la_child_id", "read_at"]
    list_select_related = ["recipient"]


@admin.register(LegalHold)
class LegalHoldAdmin(ReadOnlyAdmin):
    list_display = ["person_id", "placed_at", "placed_by", "released_at"]


@admin.register(DisposalRecord)
class DisposalRecordAdmin(ReadOnlyAdmin):
    list_display = ["la_child_id", "disposed_at", "category", "approved_by"]
