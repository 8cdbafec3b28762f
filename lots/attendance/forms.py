from django import forms
from django.utils.translation import gettext_lazy as _

from lots.attendance.models import Thresholds


class AbsenceImportForm(forms.Form):
    file = forms.FileField(
        label=_("Absence file from the school administration system (CSV or Excel)"),
        help_text=_(
            "One row per lesson or day and pupil, with the columns described below. "
            "If one row is wrong, nothing is imported."
        ),
    )
    dry_run = forms.BooleanField(
        label=_("Preview first: show what would happen, save nothing"), required=False, initial=True
    )


class ThresholdsForm(forms.ModelForm):
    class Meta:
        model = Thresholds
        fields = ["mentor_percent", "student_health_percent", "routine_percent", "routine_days"]


class InvestigationForm(forms.Form):
    investigated_on = forms.DateField(
        label=_("Investigated on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    reported_on = forms.DateField(
        label=_("Reported to the principal on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
