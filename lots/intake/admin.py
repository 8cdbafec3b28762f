from django.contrib import admin

from lots.intake.models import EntryPoint, RoutingRule


@admin.register(EntryPoint)
class EntryPointAdmin(admin.ModelAdmin):
    list_display = ["name", "unit"]


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    """The routing table the entry point suggests from (no person data)."""

    list_display = ["need", "unit", "routine", "order"]
    list_filter = ["need"]
    list_editable = ["routine", "order"]
