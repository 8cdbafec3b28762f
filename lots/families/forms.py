"""Forms of the families app's pages: they parse; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lots.access.models import Consent
from lots.families.models import Economy, EndReason, Frequency, Occasion, Relation, Sphere

SCALE_5 = [(i, str(i)) for i in range(1, 6)]
SCALE_3 = [(1, _("1 – a little")), (2, "2"), (3, _("3 – very"))]
DATE = forms.DateInput(attrs={"type": "date"})
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _choices(rows, label=str):
    return [("", "—"), *[(str(r.pk), label(r)) for r in rows]]


class ReferralForm(forms.Form):
    team = forms.ChoiceField(label=_("Family coordination team"))
    household = forms.ChoiceField(label=_("Household"))
    representative = forms.ChoiceField(label=_("The team's representative for your agency"), required=False)
    needs = forms.CharField(label=_("What the family needs help with"), widget=forms.Textarea(attrs={"rows": 4}))
    members_with_needs = forms.IntegerField(label=_("Members with needs"), min_value=0, max_value=20)
    agencies_involved = forms.IntegerField(label=_("Agencies involved"), min_value=0, max_value=50)

    def __init__(self, *args, teams, households, representatives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = _choices(teams, lambda u: u.name)
        self.fields["household"].choices = _choices(households, lambda h: h.name)
        self.fields["representative"].choices = _choices(representatives)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept: the family fits the criteria")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class StartForm(forms.Form):
    coordinator = forms.ChoiceField(label=_("Family coordinator"))
    members = forms.MultipleChoiceField(label=pgettext_lazy("family", "Members"), widget=forms.CheckboxSelectMultiple)
    with_needs = forms.MultipleChoiceField(
        label=_("Members with needs of their own"), widget=forms.CheckboxSelectMultiple, required=False
    )
    agencies = forms.MultipleChoiceField(
        label=_("Agencies that may share with the team"), widget=forms.CheckboxSelectMultiple
    )
    guardians = forms.MultipleChoiceField(
        label=_("Guardians who consented"), widget=forms.CheckboxSelectMultiple, required=False
    )
    form = forms.ChoiceField(label=_("How the consent was given"), choices=Consent.Form.choices)
    adults_agree = forms.BooleanField(label=_("Each adult member agrees to take part"), required=False)

    def __init__(self, *args, coordinators, children, adults, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        people = [(f"c{c.pk}", str(c)) for c in children] + [(f"a{a.pk}", a.full_name) for a in adults]
        self.fields["coordinator"].choices = _choices(coordinators)
        self.fields["members"].choices = people
        self.fields["with_needs"].choices = people
        self.fields["agencies"].choices = [(str(a.pk), a.name) for a in agencies]
        self.fields["guardians"].choices = [(str(a.pk), a.full_name) for a in adults]


class ContactForm(forms.Form):
    member = forms.ChoiceField(label=pgettext_lazy("family", "Member"))
    agency = forms.ChoiceField(label=_("Agency"))
    unit = forms.ChoiceField(label=_("Unit"), required=False)
    person_name = forms.CharField(label=_("Person (if the family wants it)"), required=False, max_length=200)
    purpose = forms.CharField(label=_("What for"), max_length=300)
    frequency = forms.ChoiceField(label=_("How often"), choices=Frequency.choices)
    next_appointment = forms.DateField(label=_("Next appointment"), required=False, widget=DATE)

    def __init__(self, *args, members, agencies, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = members
        self.fields["agency"].choices = _choices(agencies, lambda a: a.name)
        self.fields["unit"].choices = _choices(units, lambda u: f"{u.name} ({u.agency.name})")


class PrioritiesForm(forms.Form):
    first = forms.CharField(label=_("Most important now"), max_length=300)
    second = forms.CharField(label=_("Second"), max_length=300, required=False)
    third = forms.CharField(label=_("Third"), max_length=300, required=False)


class RatingForm(forms.Form):
    occasion = forms.ChoiceField(label=_("Occasion"), choices=Occasion.choices)
    rated_on = forms.DateField(label=_("Date"), widget=DATE)
    structure = forms.TypedChoiceField(
        label=_("The family's rating: structure in everyday life (1–5)"), choices=SCALE_5, coerce=int
    )
    control = forms.TypedChoiceField(
        label=_("The family's rating: control over everyday life (1–5)"), choices=SCALE_5, coerce=int
    )
    children_eligible = forms.IntegerField(
        label=_("Children eligible for a national upper-secondary programme"), min_value=0, initial=0
    )
    adults_in_work_or_study = forms.IntegerField(label=_("Adults in education or work"), min_value=0, initial=0)
    economy = forms.ChoiceField(label=_("Economic situation"), choices=Economy.choices)


class EndForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why the coordination ends"), choices=[c for c in EndReason.choices if c[0] != "consent_withdrawn"]
    )


class WithdrawForm(forms.Form):
    withdrawn_by_name = forms.CharField(label=_("Who in the family withdrew the consent"), max_length=200)


class NetworkPersonForm(forms.Form):
    sphere = forms.ChoiceField(label=_("Network"), choices=Sphere.choices)
    relation = forms.ChoiceField(label=_("Relation"), choices=Relation.choices)
    name = forms.CharField(label=_("Name or role"), max_length=200)
    agency = forms.ChoiceField(label=_("Agency (professionals)"), required=False)
    closeness = forms.TypedChoiceField(label=_("How close"), choices=SCALE_3, coerce=int)
    importance = forms.TypedChoiceField(label=_("How important"), choices=SCALE_3, coerce=int)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = _choices(agencies, lambda a: a.name)


class MeetingForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("When"), widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M"])
    private = forms.CharField(
        label=_("From the private network (one a line)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    professional = forms.CharField(
        label=_("From the professional network (one a line)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class RecordMeetingForm(forms.Form):
    came = forms.MultipleChoiceField(label=_("Who came"), widget=forms.CheckboxSelectMultiple, required=False)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    agreed_plan = forms.CharField(label=_("The agreed plan"), widget=forms.Textarea(attrs={"rows": 4}))
    follow_up_on = forms.DateField(label=_("Follow up on"), required=False, widget=DATE)
    network_actions = forms.CharField(
        label=_("What the network will do (one a line: who: what)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    professional_who = forms.CharField(label=_("Professional"), required=False, max_length=200)
    professional_agency = forms.ChoiceField(label=_("Their agency"), required=False)
    professional_what = forms.CharField(label=_("What the professional will do"), required=False, max_length=500)
    second_who = forms.CharField(label=_("Another professional"), required=False, max_length=200)
    second_agency = forms.ChoiceField(label=_("Their agency"), required=False)
    second_what = forms.CharField(label=_("What they will do"), required=False, max_length=500)

    def __init__(self, *args, attendees, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["came"].choices = [(str(a.pk), a.name) for a in attendees]
        for name in ("professional_agency", "second_agency"):
            self.fields[name].choices = _choices(agencies, lambda a: a.name)


class CriteriaForm(forms.Form):
    min_child_age = forms.IntegerField(label=_("Youngest child's age at least"), min_value=0, max_value=20)
    max_child_age = forms.IntegerField(label=_("Oldest child's age at most"), min_value=0, max_value=20)
    min_members_with_needs = forms.IntegerField(label=_("Members with needs, at least"), min_value=1, max_value=20)
    min_agencies = forms.IntegerField(label=_("Agencies involved, at least"), min_value=0, max_value=20)
    places = forms.IntegerField(label=_("Families at a time"), min_value=1, max_value=500)


class SelfReferralForm(forms.Form):
    """The family's own request to the team (the public page). The service checks it again."""

    team = forms.ChoiceField(label=_("Your municipality's family coordination team"))
    name = forms.CharField(label=_("Your name"), max_length=200)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.CharField(label=_("E-mail"), max_length=254, required=False)
    needs = forms.CharField(
        label=_("What your family needs help with"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("A few sentences are enough. Do not write identity numbers."),
    )
    members_with_needs = forms.IntegerField(label=_("How many in the family need support"), min_value=0, max_value=20)
    agencies_involved = forms.IntegerField(
        label=_("How many agencies the family has contact with"),
        min_value=0,
        max_value=20,
        help_text=_("For example school, social services, BUP, habilitation, health centre."),
    )

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", "—")] + [(str(t.pk), f"{t.agency.principal.name}: {t.name}") for t in teams]
