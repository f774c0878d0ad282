from django.contrib import admin

from carefile.governance.models import BreakGlassAccess

from .models import Person, RestrictedAccess


class RestrictedAccessInline(admin.TabularInline):
    model = RestrictedAccess
    extra = 1
    autocomplete_fields = ("user",)
    readonly_fields = ("granted_by",)


class BreakGlassAccessInline(admin.TabularInline):
    """Who opened this restricted record without being on its list, when and why. A record: read only."""

    model = BreakGlassAccess
    extra = 0
    fields = ("user", "at", "expires", "reason")
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = "break-glass access (read only)"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    """Administrators manage who may see restricted records. Case details are changed in Carefile itself."""

    list_display = ("__str__", "kind", "la_child_id", "restricted")
    list_filter = ("kind", "restricted")
    search_fields = ("la_child_id", "family_name_norm", "given_name_norm")
    fields = ("given_name", "family_name", "la_child_id", "restricted", "restricted_reason")
    readonly_fields = ("given_name", "family_name", "la_child_id")
    inlines = [RestrictedAccessInline, BreakGlassAccessInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_formset(self, request, form, formset, change):
        from django.utils import timezone

        for instance in formset.save(commit=False):
            if instance.pk is None:
                instance.granted_at = timezone.now()
                instance.granted_by = request.user
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()
