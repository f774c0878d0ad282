"""Django admin: the council sets its internal review points here. Assessments can be looked at but never
changed or deleted here: they are written through Carefile's pages, which keep the chronology, and once
authorised they are only corrected by appending a correction."""

from django.contrib import admin
from django.shortcuts import redirect

from carefile.people.models import Person

from .models import (
    Assessment,
    AssessmentCorrection,
    AssessmentFactor,
    AssessmentReturn,
    AssessmentSettings,
    InternalReview,
)


@admin.register(AssessmentSettings)
class AssessmentSettingsAdmin(admin.ModelAdmin):
    """One row of settings: it can be changed, not added to or deleted."""

    list_display = ["__str__", "review_days"]

    def has_add_permission(self, request) -> bool:
        return not AssessmentSettings.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def changelist_view(self, request, extra_context=None):
        settings = AssessmentSettings.current()
        return redirect("admin:assessments_assessmentsettings_change", settings.pk)


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class FactorInline(_ReadOnlyInline):
    model = AssessmentFactor
    fields = ["code"]


class ReviewInline(_ReadOnlyInline):
    model = InternalReview
    fields = ["name", "due_date", "held_on", "recorded_by", "notes"]


class ReturnInline(_ReadOnlyInline):
    model = AssessmentReturn
    fields = ["at", "by", "comment"]


class CorrectionInline(_ReadOnlyInline):
    model = AssessmentCorrection
    fields = ["at", "by", "part", "correction", "reason"]


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["id", "child_id", "start_date", "due_date", "status", "authorised_on", "outcome"]
    list_filter = ["status", "outcome"]
    search_fields = ["=child__la_child_id", "=id"]
    date_hierarchy = "start_date"
    raw_id_fields = ["child", "referral", "started_by", "submitted_by", "authorised_by"]
    inlines = [FactorInline, ReviewInline, ReturnInline, CorrectionInline]
    show_full_result_count = False

    def get_queryset(self, request):
        # Restricted records stay hidden from anyone not on their access list, here as everywhere.
        visible = Person.objects.visible_to(request.user).values("pk")
        return super().get_queryset(request).filter(child__in=visible)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
