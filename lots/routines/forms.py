from django import forms
from django.utils.translation import gettext_lazy as _

from lots.organisations.models import Agency
from lots.organisations.roles import Role
from lots.routines.models import DayKind


class VersionForm(forms.Form):
    summary = forms.CharField(
        label=_("What the routine is for"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    changes = forms.CharField(
        label=_("What changed in this version"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    concerns_roles = forms.MultipleChoiceField(
        label=_("Roles whose staff must read it"),
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class StepForm(forms.Form):
    """What an editor fills in; the service checks the graph and names the step that breaks it."""

    key = forms.SlugField(label=_("Key"), max_length=40, help_text=_("A short name, used by the branches."))
    title = forms.CharField(label=_("Title"), max_length=120)
    title_en = forms.CharField(
        label=_("Title in English"),
        max_length=120,
        required=False,
        help_text=_("Shown to those who read Lots in English; empty: the Swedish title."),
    )
    instructions = forms.CharField(label=_("What to do"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    responsible_role = forms.ChoiceField(label=_("Responsible role"), required=False)
    agency_kind = forms.ChoiceField(label=_("Responsible agency"), choices=Agency.Kind.choices)
    deadline_days = forms.IntegerField(label=_("Deadline (days)"), min_value=0, max_value=730, required=False)
    deadline_kind = forms.ChoiceField(label=_("Counted in"), choices=DayKind.choices)
    relative_to = forms.CharField(
        label=_("Counted from step (key)"),
        max_length=40,
        required=False,
        help_text=_("Empty: from the start of the journey."),
    )
    next_steps = forms.CharField(
        label=_("Next steps"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One per line: the key of the next step, or “condition: key”. Empty: an end step."),
    )
    legal_references = forms.CharField(
        label=_("Legal references"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    documents = forms.CharField(
        label=_("Documents and links"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    interventions = forms.MultipleChoiceField(label=_("Interventions in the catalogue"), required=False)

    def __init__(self, *args, interventions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_role"].choices = [("", _("Any role")), *Role.choices]
        self.fields["interventions"].choices = [(str(i.pk), f"{i.name} ({i.agency.name})") for i in interventions]


class StartForm(forms.Form):
    version = forms.ChoiceField(label=_("Routine"))

    def __init__(self, *args, versions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].choices = [(str(v.pk), f"{v.routine.name} (v{v.number})") for v in versions]


class StepActionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[(a, a) for a in ("complete", "skip", "hand_over", "accept", "take")], widget=forms.HiddenInput
    )
    next_key = forms.CharField(label=_("Way on"), required=False, max_length=40)
    reason = forms.CharField(label=_("Reason or note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    to_unit = forms.IntegerField(label=_("To unit"), required=False)


class HandoverAgencyForm(forms.Form):
    """The first choice of a handover: the agency (tens in a region), then one of its units."""

    verksamhet = forms.TypedChoiceField(label=_("To agency"), coerce=int)

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["verksamhet"].choices = [(str(pk), name) for pk, name in agencies]
