"""The dashboard's and the report's choices: the period and the organisation."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lots.followup.registry import Period

#: Longest period one may ask for: every deadline is worked out once per day of the period.
MAX_DAYS = 5 * 366


class FilterForm(forms.Form):
    fran = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    till = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    # Whole numbers here; whether the actor may see the organisation is the policy's question
    # (lots.followup.policies.select), answered with the one 404 for forbidden and missing.
    huvudman = forms.IntegerField(label=_("Principal"), required=False, widget=forms.Select)
    forvaltning = forms.IntegerField(
        label=pgettext_lazy("municipal administration", "Agency"), required=False, widget=forms.Select
    )
    enhet = forms.IntegerField(label=_("Unit"), required=False, widget=forms.Select)

    def offer(self, *, principals, agencies, units) -> None:
        """The organisations to offer in the lists (those the actor may choose among)."""
        everyone = [("", _("Every principal of the agreement"))]
        self.fields["huvudman"].widget.choices = everyone + [(p.pk, p.name) for p in principals]
        self.fields["forvaltning"].widget.choices = [("", _("Every agency"))] + [(a.pk, a.name) for a in agencies]
        self.fields["enhet"].widget.choices = [("", _("Every unit"))] + [(u.pk, u.name) for u in units]
        if not principals:
            del self.fields["huvudman"]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        # The period as it will be read, defaults included: a "till" alone before this year's
        # first day is as wrong as one before a "fran" given.
        start, end = self._start_and_end(data)
        if end < start:
            raise forms.ValidationError(_("The period must end on or after the day it starts."))
        if (end - start).days >= MAX_DAYS:
            raise forms.ValidationError(_("Choose a period of at most five years."))
        return data

    @staticmethod
    def _start_and_end(data: dict) -> tuple[dt.date, dt.date]:
        today = timezone.localdate()
        start = data.get("fran") or dt.date(today.year, 1, 1)
        end = data.get("till") or max(start, dt.date(start.year, 12, 31))
        return start, end

    def period(self) -> Period:
        """The chosen period; by default this calendar year."""
        return Period(*self._start_and_end(self.cleaned_data))

    def chosen(self) -> dict:
        return {
            "principal_id": self.cleaned_data.get("huvudman"),
            "agency_id": self.cleaned_data.get("forvaltning"),
            "unit_id": self.cleaned_data.get("enhet"),
        }


class YearForm(forms.Form):
    ar = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)

    def year(self) -> int:
        return self.cleaned_data.get("ar") or timezone.localdate().year - 1
