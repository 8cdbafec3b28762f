"""The plans app's forms. They parse input; the services decide what is allowed."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lots.access.secrecy import InformationKind
from lots.children.access_forms import ConsentForm
from lots.core.idempotency import SubmissionKeyForm
from lots.plans.models import (
    Answer,
    Area,
    ClosingReason,
    CostPeriod,
    Done,
    Effect,
    GoalKind,
    ParticipantKind,
    Respondent,
    ResponsibleKind,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 4})
SHARE_ROWS = 3


class VersionMixin(forms.Form):
    """The version of the record the form was opened on (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class RequestForm(SubmissionKeyForm):
    reason = forms.CharField(
        label=_("Why does the child need a coordinated plan?"),
        help_text=_("The needs that call for coordination between agencies. Write so that the family can read it."),
        widget=TEXT,
        max_length=4000,
    )


class SipConsentForm(ConsentForm):
    """The consent for this very SIP: purpose and reference are given by the plan."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["purpose"]
        del self.fields["purpose_text"]
        self.fields["information_kinds"].initial = [InformationKind.PLAN]


def _participant_choices(participants, *, staff_only: bool = False):
    return [
        (str(p.pk), f"{p.display_name} – {p.org_label or p.get_kind_display()}")
        for p in participants
        if p.is_staff or not staff_only
    ]


class InviteStaffForm(forms.Form):
    membership = forms.ChoiceField(label=_("Member of staff"))
    role_text = forms.CharField(label=_("Role in the plan"), max_length=200, required=False)
    has_mandate = forms.BooleanField(
        label=_("May decide on the agency's actions"),
        required=False,
        help_text=_("Participants without a mandate cannot commit their agency at the meeting."),
    )

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        groups: dict[str, list] = {}
        for m in memberships:
            groups.setdefault(str(m.unit.agency), []).append(
                (str(m.pk), f"{m.user.get_full_name()} – {m.get_role_display()}, {m.unit.name}")
            )
        self.fields["membership"].choices = [("", "—"), *groups.items()]


class AddPersonForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Who"), choices=[c for c in ParticipantKind.choices if c[0] != ParticipantKind.STAFF]
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    role_text = forms.CharField(
        label=_("Relation or role"),
        max_length=200,
        required=False,
        help_text=_("For example mother, grandmother, football coach, Försäkringskassan."),
    )


class NoteForm(forms.Form):
    participant = forms.ChoiceField(label=_("About"), required=False)
    text = forms.CharField(label=_("Note"), widget=TEXT, max_length=4000)

    def __init__(self, *args, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].choices = [("", _("The plan as a whole")), *_participant_choices(participants)]


class MeetingForm(forms.Form):
    day = forms.DateField(label=_("Day"), widget=DATE)
    start = forms.TimeField(label=_("Starts"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    end = forms.TimeField(label=_("Ends"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    video_link = forms.URLField(label=_("Video link"), max_length=500, required=False, assume_scheme="https")
    invitees = forms.MultipleChoiceField(label=_("Call"), widget=forms.CheckboxSelectMultiple, required=False)

    def __init__(self, *args, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invitees"].choices = _participant_choices(participants)

    def moments(self) -> tuple[dt.datetime | None, dt.datetime | None]:
        day, start, end = (self.cleaned_data.get(name) for name in ("day", "start", "end"))
        if day is None or start is None or end is None:
            return None, None
        return (
            timezone.make_aware(dt.datetime.combine(day, start)),
            timezone.make_aware(dt.datetime.combine(day, end)),
        )


class CallMeetingForm(SubmissionKeyForm, MeetingForm):
    pass


class RescheduleMeetingForm(VersionMixin, MeetingForm):
    pass


class RecordMeetingForm(forms.Form):
    attended = forms.MultipleChoiceField(label=_("Who came"), widget=forms.CheckboxSelectMultiple, required=False)
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 8}), max_length=20000)
    child_views = forms.CharField(
        label=_("The child's views"),
        widget=TEXT,
        max_length=4000,
        required=False,
        help_text=_("If the child did not attend: how the child's views were obtained, and what they are."),
    )
    minutes_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, invitees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [(str(i.participant_id), i.participant.display_name) for i in invitees]


class GoalForm(forms.Form):
    area = forms.ChoiceField(label=_("Area"), choices=Area.choices)
    kind = forms.ChoiceField(label=_("Kind"), choices=GoalKind.choices, widget=forms.RadioSelect)
    text = forms.CharField(
        label=_("Text"),
        widget=TEXT,
        max_length=4000,
        help_text=_("The child's own goal is written in the child's own words."),
    )


class NewGoalForm(SubmissionKeyForm, GoalForm):
    pass


class EditGoalForm(VersionMixin, GoalForm):
    pass


class ActionForm(forms.Form):
    what = forms.CharField(
        label=pgettext_lazy("sip", "Action"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    responsible_kind = forms.ChoiceField(label=_("Responsible"), choices=ResponsibleKind.choices)
    responsible_agency = forms.ChoiceField(label=_("Responsible agency"), required=False)
    responsible_other = forms.CharField(
        label=_("Responsible, if not an agency"),
        max_length=200,
        required=False,
        help_text=_("For example the parents, the football club, the police in Åskär."),
    )
    responsible_person = forms.CharField(label=_("Responsible person"), max_length=200, required=False)
    starts_on = forms.DateField(label=_("From"), widget=DATE)
    ends_on = forms.DateField(label=_("To"), widget=DATE, required=False)
    goal = forms.ChoiceField(label=_("Goal it serves"), required=False)
    intervention = forms.ChoiceField(
        label=_("Intervention in the catalogue"),
        required=False,
        help_text=_("Where the action is one of the catalogue's interventions."),
    )
    intervention_name = forms.CharField(
        label=_("Other intervention"),
        max_length=200,
        required=False,
        help_text=_("The name of an intervention that is not in the catalogue."),
    )
    cost_amount = forms.DecimalField(label=_("Cost (SEK)"), max_digits=12, decimal_places=2, required=False)
    cost_period = forms.ChoiceField(label=_("Cost period"), choices=[("", "—"), *CostPeriod.choices], required=False)

    def __init__(self, *args, agencies, goals, interventions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["intervention"].choices = [("", "—")] + [
            (str(i.pk), f"{i.name} ({i.agency.name})") for i in interventions
        ]
        agency_choices = [(str(a.pk), str(a)) for a in agencies]
        self.fields["responsible_agency"].choices = [("", "—"), *agency_choices]
        self.fields["goal"].choices = [("", "—")] + [
            (str(g.pk), f"{g.get_area_display()}: {g.text[:60]}") for g in goals
        ]
        for i in range(SHARE_ROWS):
            self.fields[f"share_payer_{i}"] = forms.ChoiceField(
                label=_("Paid by (%(n)s)") % {"n": i + 1}, choices=[("", "—"), *agency_choices], required=False
            )
            self.fields[f"share_percent_{i}"] = forms.IntegerField(
                label=_("Share in per cent (%(n)s)") % {"n": i + 1}, required=False, min_value=0, max_value=100
            )

    @property
    def share_rows(self):
        return [(self[f"share_payer_{i}"], self[f"share_percent_{i}"]) for i in range(SHARE_ROWS)]

    @property
    def main_fields(self):
        return [f for f in self if not f.name.startswith("share_") and not f.is_hidden]


class NewActionForm(SubmissionKeyForm, ActionForm):
    pass


class EditActionForm(VersionMixin, ActionForm):
    pass


class PlanForm(VersionMixin):
    """The plan's lead and follow-up date (and, for the requesting agency, why it is needed)."""

    lead = forms.ChoiceField(
        label=_("Lead"),
        required=False,
        help_text=_(
            "The person with the overall responsibility: from social services, care or health care, never the school."
        ),
    )
    follow_up_on = forms.DateField(label=_("Follow-up date"), widget=DATE, required=False)
    reason = forms.CharField(label=_("Why a SIP is needed"), widget=TEXT, max_length=4000, required=False)

    def __init__(self, *args, participants, with_reason: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].choices = [("", "—"), *_participant_choices(participants, staff_only=True)]
        if not with_reason:
            del self.fields["reason"]


class FollowUpForm(SubmissionKeyForm, VersionMixin):
    held_on = forms.DateField(label=_("Followed up on"), widget=DATE, initial=timezone.localdate)
    summary = forms.CharField(label=_("How has the plan gone?"), widget=TEXT, max_length=8000)
    next_follow_up_on = forms.DateField(label=_("Next follow-up"), widget=DATE)

    def __init__(self, *args, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.actions = actions
        for action in actions:
            self.fields[f"done_{action.pk}"] = forms.ChoiceField(
                label=_("Done?"), choices=[("", "—"), *Done.choices], required=False
            )
            self.fields[f"effect_{action.pk}"] = forms.ChoiceField(
                label=_("Effect?"), choices=[("", "—"), *Effect.choices], required=False
            )
            self.fields[f"comment_{action.pk}"] = forms.CharField(label=_("Comment"), max_length=2000, required=False)

    @property
    def action_rows(self):
        return [(a, self[f"done_{a.pk}"], self[f"effect_{a.pk}"], self[f"comment_{a.pk}"]) for a in self.actions]


class CloseForm(VersionMixin):
    closed_on = forms.DateField(label=_("Closed on"), widget=DATE, initial=timezone.localdate)
    reason = forms.ChoiceField(
        label=_("Why is the plan closed?"), choices=ClosingReason.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(label=_("Comment"), widget=TEXT, max_length=4000, required=False)


class CancelForm(VersionMixin):
    comment = forms.CharField(label=_("Why is the SIP cancelled?"), widget=TEXT, max_length=4000)


class ExperienceForm(SubmissionKeyForm):
    """One person's answers to the two questions, entered from a paper form."""

    occasion = forms.ChoiceField(label=_("When were the questions asked?"))
    respondent = forms.ChoiceField(label=_("Who answered?"), choices=Respondent.choices, widget=forms.RadioSelect)
    listened_to = forms.ChoiceField(
        label=_("Did you feel listened to?"), choices=Answer.choices, widget=forms.RadioSelect
    )
    knows_whom_to_call = forms.ChoiceField(
        label=_("Do you know whom to call?"), choices=Answer.choices, widget=forms.RadioSelect
    )
    answered_on = forms.DateField(label=_("Answered on"), widget=DATE, initial=timezone.localdate)

    def __init__(self, *args, occasions: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occasion"].choices = occasions
