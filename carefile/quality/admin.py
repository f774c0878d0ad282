from django.contrib import admin

from .models import AuditDomain, AuditTemplate, ServiceType


@admin.register(ServiceType)
class ServiceTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "active", "order"]
    list_editable = ["active", "order"]


class AuditDomainInline(admin.TabularInline):
    model = AuditDomain
    extra = 1


@admin.register(AuditTemplate)
class AuditTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "active"]
    inlines = [AuditDomainInline]
