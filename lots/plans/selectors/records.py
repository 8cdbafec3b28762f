"""Single records for a page or a service call: the plan, a meeting, a row to change, the history.
Each read goes through the policy; a record the viewer may not see is a 404 like a missing one."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch

from lots.access import policy
from lots.access.presentation import WITHHELD, PersonView
from lots.access.selectors import agencies_for_consent
from lots.audit import services as audit
from lots.audit.models import Action
from lots.children.selectors import children_as_seen
from lots.organisations.actor import Actor
from lots.organisations.models import Agency, Membership
from lots.organisations.selectors import casework_memberships
from lots.plans.history import sentence
from lots.plans.models import (
    Sip,
    SipAction,
    SipEvent,
    SipGoal,
    SipInvitee,
    SipMeeting,
    SipMinutes,
    SipParticipant,
    Status,
)
from lots.plans.selectors.page import Labels
from lots.plans.services._common import acts_on, consent_scopes


def sip_for_action(actor: Actor, sip_id: int, *, acting: bool = True, detail: str = "") -> Sip:
    """The plan for a form or a service call (which checks and logs the change). A 404 unless the
    viewer may see it and, for a form, act on it (take part, or know the child in the requesting
    agency): the same answer as for a plan that does not exist."""
    sip = policy.get_visible(
        actor,
        Sip.objects.select_related("child", "requesting_agency__principal", "lead_user", "lead_agency__principal"),
        pk=sip_id,
    )
    if acting and not acts_on(actor, sip, ground=sip._ground):
        audit.note_denied(actor, "plans.sip", str(sip_id))
        raise policy.Denied()
    policy.log_access(actor, Action.VIEW, [sip], detail=detail or ("form" if acting else ""))
    return sip


def child_of(actor: Actor, sip: Sip) -> PersonView:
    return children_as_seen(actor, [sip.child_id])[sip.child_id]


def participants_for_form(actor: Actor, sip: Sip) -> list[SipParticipant]:
    """The plan's current participants (for choosing whom to call, or the lead)."""
    participants = list(  # judged with the plan (selectors/page.py)
        SipParticipant.objects.filter(sip=sip, removed_at__isnull=True)
        .select_related("user", "agency__principal", "unit")
        .order_by("kind", "invited_at", "pk")
    )
    labels = Labels(reveal=not child_of(actor, sip).location_hidden)
    for p in participants:
        p.sip = sip
        p.org_label = labels.unit(p.unit, p.agency) if p.is_staff and p.agency is not None else ""
    return participants


def participant_for_action(actor: Actor, sip: Sip, participant_id: int) -> SipParticipant:
    participant = policy.get_visible(
        actor, SipParticipant.objects.filter(sip=sip).select_related("agency"), pk=participant_id
    )
    participant.sip = sip
    return participant


def _own_row(actor: Actor, queryset, sip: Sip, pk: int):
    """A row the actor's agency wrote, to change; another agency's row is a 404 (never editable)."""
    row = policy.get_visible(actor, queryset, pk=pk)
    if row._ground not in policy.CHANGE_GROUNDS:
        audit.note_denied(actor, row._meta.label_lower, str(pk))
        raise policy.Denied()
    row.sip = sip
    policy.log_access(actor, Action.VIEW, [row], detail="form")
    return row


def goal_for_change(actor: Actor, sip: Sip, goal_id: int) -> SipGoal:
    return _own_row(actor, SipGoal.objects.filter(sip=sip), sip, goal_id)


def action_for_change(actor: Actor, sip: Sip, action_id: int) -> SipAction:
    return _own_row(actor, SipAction.objects.filter(sip=sip).prefetch_related("cost_shares"), sip, action_id)


def goals_for_form(actor: Actor, sip: Sip) -> list[SipGoal]:
    return list(policy.with_grounds(actor, SipGoal.objects.filter(sip=sip)).order_by("area", "pk"))


def agencies_in_region(actor: Actor) -> list[Agency]:
    """Agencies that may be responsible for or pay an action: the region's and its municipalities'."""
    return agencies_for_consent(actor)


def invitable_memberships(actor: Actor, sip: Sip) -> list[Membership]:
    """Staff one may invite: of the requesting agency, or of an agency an active consent for this
    SIP lets receive the plan. Other agencies appear once the consent names them."""
    agency_ids = {sip.requesting_agency_id}
    for scope in consent_scopes(sip):
        agency_ids |= scope.receiving
    taken = set(SipParticipant.objects.filter(sip=sip, removed_at__isnull=True).values_list("user_id", flat=True))
    return [m for m in casework_memberships(agency_ids) if m.user_id not in taken]


@dataclass
class MeetingPage:
    sip: Sip
    meeting: SipMeeting
    child: PersonView
    invitees: list[SipInvitee]
    minutes: SipMinutes | None
    minutes_withheld: bool
    place_shown: object
    i_am_called: bool

    @property
    def place_to_send(self) -> str:
        """The place as it may leave Lots in a calendar file: nothing where the page withholds it."""
        return "" if self.place_shown is WITHHELD else str(self.place_shown)


def meeting_page(actor: Actor, sip: Sip, meeting_id: int, *, action: str = Action.VIEW) -> MeetingPage:
    meeting = policy.get_visible(
        actor,
        SipMeeting.objects.filter(sip=sip)
        .select_related("called_by", "called_by_agency")
        .prefetch_related(
            Prefetch(
                "invitees",
                queryset=SipInvitee.objects.filter(uninvited=False).select_related(
                    "participant__user", "participant__agency"
                ),
            )
        ),
        pk=meeting_id,
    )
    meeting.sip = sip
    child = child_of(actor, sip)
    minutes = (
        policy.with_grounds(actor, SipMinutes.objects.filter(meeting=meeting))
        .select_related("owner_agency", "written_by")
        .first()
    )
    if minutes is not None:
        minutes.meeting = meeting
    invitees = list(meeting.invitees.all())
    policy.log_access(actor, action, [meeting, *([minutes] if minutes else [])])
    return MeetingPage(
        sip=sip,
        meeting=meeting,
        child=child,
        invitees=invitees,
        minutes=minutes,
        minutes_withheld=meeting.is_held and minutes is None,
        place_shown=meeting.place if not child.location_hidden or not meeting.place else WITHHELD,
        i_am_called=any(i.participant.user_id == actor.user.pk for i in invitees),
    )


def my_invitation(page: MeetingPage, actor: Actor) -> SipInvitee | None:
    """The viewer's own invitation to the meeting, or None (no calendar file for others). One no
    longer called keeps it, marked `uninvited`: their calendar file is then the cancellation that
    removes the event they imported (same UID, higher SEQUENCE)."""
    if actor.agency_id is None:  # staff are called through their agency
        return None
    return (
        SipInvitee.objects.filter(
            meeting=page.meeting, participant__user_id=actor.user.pk, participant__agency_id=actor.agency_id
        )
        .select_related("participant")
        .first()
    )


def history(actor: Actor, sip: Sip) -> list[SipEvent]:
    """Who did what and when; the events name fields, never what was written in them. They are
    judged with the plan, which the caller read (and logged) through the policy."""
    events = list(SipEvent.objects.filter(sip=sip).select_related("user", "agency").order_by("-at", "-pk"))
    labels = Labels(reveal=not child_of(actor, sip).location_hidden)
    for event in events:
        event.sip = sip
        event.agency_label = labels.agency(event.agency)
        event.sentence = sentence(event, event.agency_label)
    return events


def row_version(row) -> int:
    """The saved version of a plan, meeting or row, to move a refused form onto it."""
    return type(row).objects.values_list("version", flat=True).get(pk=row.pk)


def intervention_ids_in_plan(actor: Actor, sip: Sip) -> list[int]:
    """The catalogue entries the plan's actions (as this viewer sees them) already are."""
    actions = policy.visible_to(actor, SipAction.objects.filter(sip=sip, intervention__isnull=False))
    return list(actions.values_list("intervention_id", flat=True))


def action_initial(action: SipAction) -> dict:
    """An action's saved values, as its form shows them."""
    initial = {
        "version": action.version,
        "what": action.what,
        "responsible_kind": action.responsible_kind,
        "responsible_agency": str(action.responsible_agency_id or ""),
        "responsible_other": action.responsible_other,
        "responsible_person": action.responsible_person,
        "starts_on": action.starts_on,
        "ends_on": action.ends_on,
        "goal": str(action.goal_id or ""),
        "intervention": str(action.intervention_id or ""),
        "intervention_name": "" if action.intervention_id else action.intervention_name,
        "cost_amount": action.cost_amount,
        "cost_period": action.cost_period,
    }
    for i, share in enumerate(action.cost_shares.all()):
        initial[f"share_payer_{i}"] = str(share.payer_id)
        initial[f"share_percent_{i}"] = share.percent
    return initial


def experience_occasions(sip: Sip) -> list[SipMeeting | None]:
    """The occasions the questions on experience can be about, newest first: the closing of a
    closed plan (None), then each meeting held (the plan itself was judged by the caller)."""
    held: list[SipMeeting | None] = list(
        SipMeeting.objects.filter(sip=sip, cancelled_at__isnull=True, held_at__isnull=False).order_by(
            "-starts_at", "-pk"
        )
    )
    return [None, *held] if sip.status == Status.CLOSED else held
