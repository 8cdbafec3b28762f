from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lots.people.identity import IdentityNumber, looks_like_identity_number, parse_identity_number


class IdentityNumberField(forms.CharField):
    """Accepts the usual written forms; cleans to an `IdentityNumber` or a Swedish error."""

    default_error_messages = {}

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("YYYYMMDD-NNNN or YYMMDD-NNNN"))
        super().__init__(**kwargs)
        self.widget.attrs.update({"maxlength": "20", "autocomplete": "off", "inputmode": "numeric"})

    def to_python(self, value) -> IdentityNumber | None:
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        return parse_identity_number(value)

    def validate(self, value):
        if value is None and self.required:
            raise ValidationError(_("Enter an identity number."), code="required")


class ChildSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Identity number or name"),
        max_length=100,
        help_text=_("Search among the children you may see. Identity numbers are never put in the address bar."),
    )

    def clean_q(self) -> str:
        """A text meant as an identity number that is wrong (a check digit, say) is answered with
        what is wrong, not by a search that silently finds nobody."""
        text = self.cleaned_data["q"]
        if looks_like_identity_number(text):
            parse_identity_number(text)
        return text
