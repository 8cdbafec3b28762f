import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lots.people.forms import IdentityNumberField


class LogSearchForm(forms.Form):
    identity_number = IdentityNumberField(label=_("Child's identity number"), required=False)
    username = forms.CharField(label=_("Staff member (user name)"), max_length=150, required=False)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To and including"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if not any(data.get(name) for name in ("identity_number", "username", "since", "until")):
            raise ValidationError(_("Search by person, by staff member or by period."))
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise ValidationError(_("The period ends before it starts."))
        return data


class PeriodForm(forms.Form):
    since = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To and including"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise ValidationError(_("The period ends before it starts."))
        if data.get("since") and data.get("until") and data["until"] - data["since"] > dt.timedelta(days=366):
            raise ValidationError(_("Choose a period of at most a year."))
        return data


class ReviewForm(forms.Form):
    entries = forms.MultipleChoiceField(label=_("Accesses"), widget=forms.CheckboxSelectMultiple)
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def __init__(self, *args, entry_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entries"].choices = [(str(pk), str(pk)) for pk in entry_ids]
