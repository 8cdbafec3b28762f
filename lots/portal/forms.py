from django import forms
from django.utils.translation import gettext_lazy as _

from lots.people.identity import parse_identity_number


class DemoSignInForm(forms.Form):
    identity_number = forms.CharField(label=_("Your identity number"), max_length=13)

    def clean_identity_number(self) -> str:
        value = self.cleaned_data["identity_number"]
        parse_identity_number(value)  # a clear Swedish message for a number that cannot be one
        return value
