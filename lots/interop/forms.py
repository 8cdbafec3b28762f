from django import forms
from django.utils.translation import gettext_lazy as _


class FhirUploadForm(forms.Form):
    file = forms.FileField(
        label=_("FHIR file (JSON)"),
        help_text=_("A CarePlan, a CareTeam or a Bundle of them from a region system, for this SIP."),
    )
