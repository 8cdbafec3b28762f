from django import forms
from django.utils.translation import gettext_lazy as _

from lots.children import chooser
from lots.deviations.models import Kind


class DeviationForm(forms.Form):
    kind = forms.ChoiceField(label=_("What kind of deviation?"), choices=Kind.choices, widget=forms.RadioSelect)
    happened_on = forms.DateField(label=_("When did it happen?"), widget=forms.DateInput(attrs={"type": "date"}))
    description = forms.CharField(
        label=_("What happened?"),
        help_text=_("Describe the failure in the collaboration, without names: who did not do what, and when."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    consequence = forms.CharField(
        label=_("What was the consequence for the child?"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    agencies = forms.MultipleChoiceField(
        label=_("Agencies involved"),
        help_text=_(
            "Each agency's nearest manager receives the deviation. Include your own agency if it was part of it."
        ),
        widget=forms.CheckboxSelectMultiple,
    )
    child = forms.ChoiceField(
        label=_("Does it concern a child you work with?"),
        help_text=_(
            "Optional. A named child makes the deviation person data: only those who may see the child see the name."
        ),
        required=False,
    )

    def __init__(self, *args, agencies, children, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agencies"].choices = [(str(a.pk), f"{a.name} ({a.principal.name})") for a in agencies]
        chooser.install(self, children, empty_label=_("No child named"))

    def clean(self):
        return chooser.clean(self, super().clean())


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note (optional)"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class AnalysisForm(forms.Form):
    analysis = forms.CharField(label=_("Analysis: why did it happen?"), widget=forms.Textarea(attrs={"rows": 4}))
    measures = forms.CharField(label=_("Measures agreed"), widget=forms.Textarea(attrs={"rows": 3}))


class CloseForm(forms.Form):
    outcome = forms.CharField(label=_("What was done?"), widget=forms.Textarea(attrs={"rows": 3}))
