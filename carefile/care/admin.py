"""Django admin: children's care can be looked at here, never changed or deleted. Care is recorded through
Carefile's pages, whose services keep the SSDA903 episodes contiguous and write the chronology."""

from django.contrib import admin

from .models import CareReview, Episode, MissingEpisode, PeriodOfCare


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class _EpisodeInline(admin.TabularInline):
    model = Episode
    extra = 0
    can_delete = False
    fields = ["start", "new_episode_reason", "legal_status", "place", "provider", "end", "reason_ceased"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PeriodOfCare)
class PeriodOfCareAdmin(_ReadOnly):
    list_display = ["child", "start", "end", "cin_need", "short_breaks"]
    list_filter = ["short_breaks", "cin_need"]
    date_hierarchy = "start"
    raw_id_fields = ["child"]
    inlines = [_EpisodeInline]


@admin.register(CareReview)
class CareReviewAdmin(_ReadOnly):
    list_display = ["child", "held_on", "reviewing_officer", "participation"]
    date_hierarchy = "held_on"


@admin.register(MissingEpisode)
class MissingEpisodeAdmin(_ReadOnly):
    list_display = ["child", "kind", "started_at", "ended_at", "offered_at", "response"]
    list_filter = ["kind", "response"]
    date_hierarchy = "started_at"
