import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lots.people.forms import IdentityNumberField

#: The log began with Lots; a date outside these years is a typing error (and the ends of Python's
#: calendar cannot be turned into a moment in Stockholm).
FIRST_DAY, LAST_DAY = dt.date(2000, 1, 1), dt.date(2999, 12, 31)


class PeriodDateField(forms.DateField):
    widget = forms.DateInput(attrs={"type": "date"})

    def validate(self, value):
        super().validate(value)
        if value and not FIRST_DAY <= value <= LAST_DAY:
            raise ValidationError(_("Give a date between the years 2000 and 2999."), code="out_of_range")


class LogSearchForm(forms.Form):
    identity_number = IdentityNumberField(label=_("Child's identity number"), required=False)
    username = forms.CharField(label=_("Staff member (user name)"), max_length=150, required=False)
    since = PeriodDateField(label=_("From"), required=False)
    until = PeriodDateField(label=_("To and including"), required=False)
    #: The last row shown (its time and id), to continue with older ones; set by the page.
    older_than_at = forms.DateTimeField(required=False, widget=forms.HiddenInput)
    older_than_id = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def older_than(self) -> tuple[dt.datetime, int] | None:
        data = self.cleaned_data
        return (data["older_than_at"], data["older_than_id"]) if data.get("older_than_id") else None

    def clean(self):
        data = super().clean()
        if (data.get("older_than_at") is None) != (data.get("older_than_id") is None):
            raise ValidationError(_("The list could not be continued: search again."))
        if not any(data.get(name) for name in ("identity_number", "username", "since", "until")):
            raise ValidationError(_("Search by person, by staff member or by period."))
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise ValidationError(_("The period ends before it starts."))
        return data


class PeriodForm(forms.Form):
    since = PeriodDateField(label=_("From"))
    until = PeriodDateField(label=_("To and including"))

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise ValidationError(_("The period ends before it starts."))
        if data.get("since") and data.get("until") and data["until"] - data["since"] > dt.timedelta(days=366):
            raise ValidationError(_("Choose a period of at most a year."))
        return data


class ReviewForm(forms.Form):
    # The accesses are chosen by the boxes in the table (form="review-form"), so a missing choice
    # is said for the whole form, where the summary shows it.
    entries = forms.MultipleChoiceField(label=_("Accesses"), widget=forms.CheckboxSelectMultiple, required=False)
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def __init__(self, *args, entry_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entries"].choices = [(str(pk), str(pk)) for pk in entry_ids]

    def clean(self):
        data = super().clean()
        if "entries" in data and not data["entries"]:
            raise forms.ValidationError(_("Choose at least one access in the table."))
        return data
