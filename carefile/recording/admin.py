"""Admin for recording. Visits, notes, corrections and the child's voice are records of what happened: the
admin may look but never add, change or delete them. The visit standards are the council's to set."""

from django.contrib import admin

from .models import CaseNote, ChildVoice, NoteCorrection, NoteFiling, Visit, VisitCorrection, VisitFrequency


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(VisitFrequency)
class VisitFrequencyAdmin(admin.ModelAdmin):
    list_display = ["case_status", "interval", "unit", "amber_within", "enabled", "source"]
    list_editable = ["interval", "unit", "amber_within", "enabled"]
    list_display_links = ["case_status"]


@admin.register(Visit)
class VisitAdmin(ReadOnlyAdmin):
    list_display = ["visited_at", "child_id", "visit_type", "child_seen", "seen_alone", "recorded_by"]
    list_filter = ["visit_type", "child_seen", "seen_alone"]
    raw_id_fields = ["child", "recorded_by"]
    ordering = ["-visited_at", "-id"]


@admin.register(CaseNote)
class CaseNoteAdmin(ReadOnlyAdmin):
    list_display = ["happened_on", "child_id", "note_type", "subject", "author", "finalised_at"]
    list_filter = ["note_type"]
    raw_id_fields = ["child", "author"]
    search_fields = ["subject"]

    def get_queryset(self, request):
        return super().get_queryset(request).final()  # a draft is its author's alone


@admin.register(NoteFiling)
class NoteFilingAdmin(ReadOnlyAdmin):
    list_display = ["note", "child_id", "happened_on"]
    raw_id_fields = ["note", "child"]


@admin.register(VisitCorrection)
class VisitCorrectionAdmin(ReadOnlyAdmin):
    list_display = ["at", "visit", "by", "reason"]
    raw_id_fields = ["visit", "by"]


@admin.register(NoteCorrection)
class NoteCorrectionAdmin(ReadOnlyAdmin):
    list_display = ["at", "note", "by", "reason"]
    raw_id_fields = ["note", "by"]


@admin.register(ChildVoice)
class ChildVoiceAdmin(ReadOnlyAdmin):
    list_display = ["said_on", "child_id", "source", "words"]
    list_filter = ["source"]
    raw_id_fields = ["child", "recorded_by"]
