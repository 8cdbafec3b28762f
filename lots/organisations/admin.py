from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from lots.organisations.models import Agency, Membership, Principal, RoleRequirement, Unit, User


class AgencyInline(admin.TabularInline):
    model = Agency
    extra = 0


@admin.register(Principal)
class PrincipalAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "organisation_number", "region"]
    list_filter = ["kind"]
    search_fields = ["name", "organisation_number"]
    inlines = [AgencyInline]


class UnitInline(admin.TabularInline):
    model = Unit
    extra = 0
    fields = ["name", "kind", "city"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "principal"]
    list_filter = ["kind", "principal"]
    search_fields = ["name"]
    list_select_related = ["principal"]
    inlines = [UnitInline]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "agency"]
    list_filter = ["kind", "agency__principal"]
    search_fields = ["name"]
    list_select_related = ["agency__principal"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    list_display = ["username", "first_name", "last_name", "email", "is_active"]
    inlines = [MembershipInline]
    fieldsets = (*UserAdmin.fieldsets, (None, {"fields": ["phone"]}))


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "unit", "valid_from", "valid_until"]
    list_filter = ["role", "unit__agency"]
    search_fields = ["user__username", "user__last_name", "unit__name"]
    autocomplete_fields = ["user", "unit"]
    list_select_related = ["user", "unit"]


@admin.register(RoleRequirement)
class RoleRequirementAdmin(admin.ModelAdmin):
    list_display = ["role", "requires_otp"]
