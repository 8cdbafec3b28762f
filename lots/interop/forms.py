from django import forms
from django.utils.translation import gettext_lazy as _


class FhirUploadForm(forms.Form):
    file = forms.FileField(
        label=_("FHIR file (JSON)"),
        help_text=_("A CarePlan, a CareTeam or a Bundle of them from a region system, for this SIP."),
    )


class ChildImportForm(forms.Form):
    file = forms.FileField(
        label=_("File from the school administration system (CSV or Excel)"),
        help_text=_("One row per pupil, with the columns described below. If one row is wrong, nothing is imported."),
    )
    dry_run = forms.BooleanField(
        label=_("Preview first: show what would happen, save nothing"), required=False, initial=True
    )
