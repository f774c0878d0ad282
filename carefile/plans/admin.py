"""Admin for plans: the council sets review timescales here. Plans themselves are written in Carefile, so the
admin shows them read-only; a finalised plan could not be changed from here anyway (the models refuse)."""

from django.contrib import admin

from .models import Plan, PlanAction, PlanCorrection, PlanOutcome, PlanReview, PlanReviewCadence


@admin.register(PlanReviewCadence)
class PlanReviewCadenceAdmin(admin.ModelAdmin):
    list_display = ["kind", "first_review_months", "review_every_months", "due_soon_working_days"]


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class OutcomeInline(ReadOnlyInline):
    model = PlanOutcome
    fields = ["position", "text"]


class ActionInline(ReadOnlyInline):
    model = PlanAction
    fields = ["position", "what", "owner_staff", "owner_name", "due", "measure", "status", "completed_on"]


class ReviewInline(ReadOnlyInline):
    model = PlanReview
    fields = ["held_on", "decision", "next_review_on", "recorded_by"]


class CorrectionInline(ReadOnlyInline):
    model = PlanCorrection
    fields = ["at", "by", "applies_to", "correction", "reason"]


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "status", "start", "end"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["child", "episode", "created_by", "finalised_by", "ended_by"]
    search_fields = ["=child__la_child_id"]
    inlines = [OutcomeInline, ActionInline, ReviewInline, CorrectionInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
