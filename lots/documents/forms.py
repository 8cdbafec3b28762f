from django import forms
from django.utils.translation import gettext_lazy as _


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Scanned document"),
        help_text=_("PDF, PNG or JPEG, at most 10 MB. The file is checked and stored only inside Lots."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/png,image/jpeg"}),
    )
