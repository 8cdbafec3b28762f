"""The organisations in the admin: principals, agencies, units, staff and their roles.

What a member of staff may do comes from their memberships (Lots' roles), never from Django's
flags: the staff admin shows no superuser, staff, group or permission field, so nobody gains a
permission here that the roles do not give. An administrator does not change their own account or
memberships; another administrator does (no one raises their own rights).
"""

import datetime as dt

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lots.organisations import services as organisations_services
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


def is_own(request, obj) -> bool:
    """Whether the row is the signed-in administrator's own account or one of its memberships."""
    user_id = obj.pk if isinstance(obj, User) else getattr(obj, "user_id", None)
    return obj is not None and user_id == request.user.pk


class MembershipEndForm(forms.ModelForm):
    """Ending a membership (a last day, or moving it to another unit) is refused while the guards
    other apps register say so (access: children who would be left without an owner)."""

    def clean(self):
        data = super().clean()
        instance = self.instance
        if instance.pk is None:
            return data
        moved = "unit" in data and data["unit"] != instance.unit
        last_day = timezone.localdate() - dt.timedelta(days=1) if moved else data.get("valid_until")
        if moved or (last_day is not None and last_day != instance.valid_until):
            for problem in organisations_services.membership_end_problems(instance, last_day):
                self.add_error(None, problem)
        return data


class MembershipInline(admin.TabularInline):
    model = Membership
    form = MembershipEndForm
    extra = 0
    autocomplete_fields = ["unit"]


#: The staff page's fields: no is_superuser, is_staff, groups or user_permissions.
STAFF_FIELDSETS = (
    (None, {"fields": ["username", "password"]}),
    (_("Personal info"), {"fields": ["first_name", "last_name", "email", "phone"]}),
    (_("Account"), {"fields": ["is_active", "last_login", "date_joined"]}),
)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    list_display = ["username", "first_name", "last_name", "email", "is_active"]
    list_filter = ["is_active"]
    inlines = [MembershipInline]
    fieldsets = STAFF_FIELDSETS
    readonly_fields = ["last_login", "date_joined"]
    filter_horizontal = []

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not is_own(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not is_own(request, obj)


class MembershipAdminForm(MembershipEndForm):
    class Meta:
        model = Membership
        fields = ["user", "role", "unit", "valid_from", "valid_until"]

    def clean_user(self):
        user = self.cleaned_data["user"]
        if user is not None and user.pk == self.request_user_id:
            raise ValidationError(_("You cannot give yourself a role. Another administrator does that."))
        return user


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    form = MembershipAdminForm
    list_display = ["user", "role", "unit", "valid_from", "valid_until"]
    list_filter = ["role", "unit__agency"]
    search_fields = ["user__username", "user__last_name", "unit__name"]
    autocomplete_fields = ["user", "unit"]
    list_select_related = ["user", "unit"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.request_user_id = request.user.pk
        return form

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not is_own(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not is_own(request, obj)


@admin.register(RoleRequirement)
class RoleRequirementAdmin(admin.ModelAdmin):
    """Roles that need a second factor besides those that always do (`roles.SECOND_FACTOR_ROLES`):
    a row here can add a role, never exempt one of those."""

    list_display = ["role", "requires_otp"]


admin.site.unregister(Group)  # groups are not how Lots gives rights: roles are
