from django.contrib import admin

from .models import PerformanceSettings, Target


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["key", "value", "direction", "national"]


@admin.register(PerformanceSettings)
class PerformanceSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "child_population"]
