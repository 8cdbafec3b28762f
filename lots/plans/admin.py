"""Only the regional agreement is administered here; plans hold person data and are never in the admin."""

from django.contrib import admin

from lots.plans.models import RegionalAgreement


@admin.register(RegionalAgreement)
class RegionalAgreementAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "schools_may_request", "meeting_within_days", "reminder_days_before_follow_up"]
    list_select_related = ["region"]
