"""Administrators maintain the need vocabulary and who edits which agency's entries here."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from lots.catalogue.models import EditorGrant, NeedTag
from lots.organisations.models import Membership


@admin.register(NeedTag)
class NeedTagAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "slug", "order", "active"]
    list_editable = ["order", "active"]
    search_fields = ["name", "name_en", "synonyms"]
    prepopulated_fields = {"slug": ["name_en"]}
    fields = ["name", "name_en", "slug", "synonyms", "description", "order", "active"]


class EditorGrantForm(forms.ModelForm):
    class Meta:
        model = EditorGrant
        fields = ["user", "agency", "note"]

    def clean(self):
        data = super().clean()
        user, agency = data.get("user"), data.get("agency")
        if user and agency and not Membership.objects.current().filter(user=user, unit__agency=agency).exists():
            raise forms.ValidationError(_("The staff member has no current role in that agency."))
        return data


@admin.register(EditorGrant)
class EditorGrantAdmin(admin.ModelAdmin):
    form = EditorGrantForm
    list_display = ["user", "agency", "granted_at", "note"]
    list_filter = ["agency"]
    search_fields = ["user__username", "user__last_name", "agency__name"]
    autocomplete_fields = ["user", "agency"]
    list_select_related = ["user", "agency__principal"]
