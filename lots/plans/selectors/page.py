"""One plan as one viewer may see it: its record, what each agency wrote that the consent lets
reach this viewer, and what is withheld and on which ground. Read in a constant number of
queries whatever the plan's size, and logged: one row per record shown."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypedDict

from django.utils import timezone
from django.utils.translation import gettext as _

from lots.access import policy
from lots.access.presentation import WITHHELD, PersonView, present_children
from lots.access.secrecy import InformationKind, Purpose
from lots.access.selectors import active_consent_scopes_column, scopes_of
from lots.audit.models import Action
from lots.children.selectors import child_ground
from lots.core.db import json_rows
from lots.organisations.actor import Actor
from lots.organisations.models import Agency, Principal
from lots.plans import workflow
from lots.plans.models import (
    Area,
    ContributingAgency,
    ExperienceAnswer,
    FamilyWords,
    GoalKind,
    Sip,
    SipAction,
    SipActionReview,
    SipCostShare,
    SipFollowUp,
    SipGoal,
    SipInvitee,
    SipMeeting,
    SipMinutes,
    SipNote,
    SipParticipant,
    Status,
)
from lots.plans.nextstep import NextStep, Standing, standing
from lots.plans.policies import PARTICIPANT_GROUND
from lots.plans.services._common import acts_on, covering_the_plan
from lots.plans.workflow import Do

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class Labels:
    """Names of agencies and units as this viewer may see them. For a child with protected
    identity, a viewer not cleared sees the kind of agency only: a school's or a municipality's
    name could tell where the child lives."""

    def __init__(self, reveal: bool):
        self.reveal = reveal

    def agency(self, agency: Agency | None) -> str:
        if agency is None:
            return ""
        return str(agency) if self.reveal else str(agency.get_kind_display())

    def unit(self, unit, agency: Agency) -> str:
        return f"{unit.name}, {agency.principal.name}" if self.reveal and unit else self.agency(agency)


@dataclass
class AreaGoals:
    area: str
    label: str
    child_goals: list[SipGoal] = field(default_factory=list)
    shared_goals: list[SipGoal] = field(default_factory=list)
    needs: list[SipGoal] = field(default_factory=list)


@dataclass
class PlanPage:
    sip: Sip
    child: PersonView
    ground: str
    may_act: bool
    reveal_location: bool
    reason_withheld: bool
    participants: list[SipParticipant]
    goals_by_area: list[AreaGoals]
    goals: list[SipGoal]
    actions: list[SipAction]
    meetings: Sequence[SipMeeting]
    follow_ups: list[SipFollowUp]
    notes: list[SipNote]
    withheld_from: list[str]
    consent_active: bool
    standing: Standing
    lead_label: str
    my_agency_id: int | None
    family_words: list[FamilyWords] = field(default_factory=list)  # the family's own words, newest first
    experience: list[ExperienceAnswer] = field(default_factory=list)  # answers to the two questions, newest first

    @property
    def next_step(self) -> NextStep | None:
        return self.standing.next_step

    def _offers(self, do: Do) -> bool:
        return do in self.standing.actions

    @property
    def can_write(self) -> bool:
        return self._offers(Do.WRITE)

    @property
    def can_call_meeting(self) -> bool:
        return self._offers(Do.CALL_MEETING)

    @property
    def meeting_to_record(self) -> SipMeeting | None:
        """The meeting whose time has passed and that no one has recorded yet, if it is the next step."""
        if not self._offers(Do.RECORD_MEETING):
            return None
        pending = [m for m in self.meetings if not m.is_held and not m.is_cancelled]
        return min(pending, key=lambda m: m.starts_at) if pending else None

    @property
    def may_enter_experience(self) -> bool:
        """Whether this viewer may enter answers from paper: they act on the plan, and a meeting
        has been held or the plan is closed."""
        held = any(m.is_held and not m.is_cancelled for m in self.meetings)
        return self.may_act and (held or self.sip.status == Status.CLOSED)

    @property
    def waiting_days(self) -> int | None:
        """Days from the request to the first meeting held (or to today, while none is)."""
        end = self.sip.first_meeting_on or (timezone.localdate() if self.sip.is_open else None)
        return None if end is None else (end - timezone.localdate(self.sip.requested_at)).days


class _SipReads(TypedDict):
    """What `_sip` reads with the plan."""

    _child_ground: str | None
    _consent_scopes: Any


class _ActionReads(TypedDict):
    """What the plan's page reads with each action (JSON rows)."""

    _shares: list[dict[str, Any]] | None
    _reviews: list[dict[str, Any]] | None


class _MeetingReads(TypedDict):
    """What the plan's page reads with each meeting (JSON rows)."""

    _called: list[dict[str, Any]] | None


def _sip(actor: Actor, sip_id: int) -> WithAnnotations[Sip, _SipReads]:
    """The plan with its child, and the ground on which the policy lets the viewer see the child
    (which decides whether a protected child is named): both judged in the one query. The scopes
    of the consents the plan rests on come with it (`_consent_scopes`)."""
    sip: WithAnnotations[Sip, _SipReads] = policy.get_visible(
        actor,
        Sip.objects.select_related(
            "child__school_unit", "requesting_agency__principal", "requested_by", "lead_user", "lead_agency__principal"
        ).annotate(
            _child_ground=child_ground(actor, "child_id"),
            _consent_scopes=active_consent_scopes_column(purpose=Purpose.SIP),
        ),
        pk=sip_id,
    )
    if sip._child_ground is None:  # the policy lets no one see a plan without its child; never show one so
        raise policy.Denied("No child for this plan.")
    return sip


def _readable_authors(actor: Actor, sip: Sip) -> dict[int, tuple[str, int | None]]:
    """The agencies whose writing in this plan the viewer may read, with the ground for each."""
    visible = policy.with_grounds(actor, ContributingAgency.objects.filter(sip=sip, agency__isnull=False))
    # django-stubs does not see the `_ground` that `with_grounds` annotates (a TypeVar's queryset).
    rows = visible.values_list("agency_id", "_ground", "_ground_id")  # type: ignore[misc]
    return {agency_id: (ground, ground_id) for agency_id, ground, ground_id in rows}


def _content(queryset, sip: Sip, authors: dict, *related: str) -> list:
    """Rows of one kind of content, those of the readable authors (each seen on its author's
    ground: `authors[row.owner_agency_id]`)."""
    rows = list(
        queryset.filter(owner_agency_id__in=list(authors)).select_related(
            "owner_agency__principal", "written_by", *related
        )
    )
    for row in rows:
        if hasattr(row, "sip_id"):
            row.sip = sip
    return rows


def _shares(action: WithAnnotations[SipAction, _ActionReads]) -> list[SipCostShare]:
    """The action's cost shares, read with it (`_shares`), in the model's order."""
    shares = [
        SipCostShare(
            pk=row["id"],
            action=action,
            percent=row["percent"],
            payer=Agency(
                pk=row["payer_id"],
                name=row["payer_name"],
                kind=row["payer_kind"],
                principal=Principal(name=row["principal_name"]),
            ),
        )
        for row in action._shares or []
    ]
    return sorted(shares, key=lambda share: (-share.percent, share.pk))


def _latest_review(
    action: WithAnnotations[SipAction, _ActionReads], follow_ups: list[SipFollowUp]
) -> SipActionReview | None:
    """The action's review at the latest follow-up the viewer may read (`_reviews` holds those)."""
    held = {f.pk: f for f in follow_ups}
    reviews = sorted(action._reviews or [], key=lambda row: (held[row["follow_up_id"]].held_on, row["id"]))
    if not reviews:
        return None
    row = reviews[-1]
    return SipActionReview(
        pk=row["id"], action=action, follow_up=held[row["follow_up_id"]], done=row["done"], effect=row["effect"]
    )


def _called(
    meeting: WithAnnotations[SipMeeting, _MeetingReads], participants: list[SipParticipant]
) -> list[SipInvitee]:
    """Who is called to the meeting, read with it (`_called`), each with their participant."""
    by_id = {p.pk: p for p in participants}
    called = [
        SipInvitee(
            pk=row["id"],
            meeting=meeting,
            participant=by_id[row["participant_id"]],
            attended=None if row["attended"] is None else bool(row["attended"]),
        )
        for row in meeting._called or []
    ]
    return sorted(called, key=lambda invitee: invitee.pk)


def _by_area(goals: list[SipGoal]) -> list[AreaGoals]:
    areas = {value: AreaGoals(area=value, label=str(label)) for value, label in Area.choices}
    for goal in goals:
        group = areas[goal.area]
        by_kind: dict[str, list[SipGoal]] = {
            GoalKind.CHILD_GOAL: group.child_goals,
            GoalKind.SHARED_GOAL: group.shared_goals,
        }
        by_kind.get(goal.kind, group.needs).append(goal)
    return [a for a in areas.values() if a.child_goals or a.shared_goals or a.needs]


def _log_page(actor: Actor, action: str, sip: Sip, content: list, authors: dict) -> None:
    """One row for the plan, and one for each kind of content that crossed a secrecy border on each
    ground (say: BUP's actions, under consent 17). The log then holds who opened the child's plan,
    when, and the legal ground of every disclosure, in one statement whatever the plan's size.
    Content is seen on its author's ground (`authors`: agency → (ground, granting id))."""
    crossings: dict[tuple[type, str, int | None, int], policy.Seen] = {}
    for row in content:
        ground, ground_id = authors[row.owner_agency_id]
        if ground not in policy.CHANGE_GROUNDS:
            key = (type(row), ground, ground_id, row.owner_agency_id)
            crossings.setdefault(key, policy.Seen(row, ground, ground_id))
    policy.log_access(actor, action, [sip, *crossings.values()])


def plan_page(actor: Actor, sip_id: int, *, action: str = Action.VIEW) -> PlanPage:
    sip = _sip(actor, sip_id)
    (child,) = present_children(actor, [sip.child], grounds={sip.child_id: sip._child_ground})
    labels = Labels(reveal=not child.location_hidden)
    # The plan's own records (participants, meetings, who is called) are judged by the plan's
    # record policy reached through `sip__`, so the policy decided them with the plan above; and a
    # cost share or an action's review goes with its action or follow-up (test_policy.py holds
    # both to it). Only what the parties wrote is judged again, row by row, by its own agency.
    participants = list(
        SipParticipant.objects.filter(sip=sip)
        .select_related("user", "agency__principal", "unit")
        .order_by("invited_at", "pk")
    )
    participants.sort(key=lambda p: (p.removed_at is not None, not p.is_staff))
    meetings = list(
        SipMeeting.objects.filter(sip=sip)
        .select_related("called_by", "called_by_agency")
        .annotate(
            _called=json_rows(
                SipInvitee.objects.filter(uninvited=False),
                "meeting_id",
                id="pk",
                participant_id="participant_id",
                attended="attended",
            )
        )
    )
    authors = _readable_authors(actor, sip)
    goals = _content(SipGoal.objects.filter(sip=sip), sip, authors)
    follow_ups = _content(SipFollowUp.objects.filter(sip=sip), sip, authors)
    actions = _content(
        SipAction.objects.filter(sip=sip).annotate(
            _shares=json_rows(
                SipCostShare.objects.all(),
                "action_id",
                id="pk",
                percent="percent",
                payer_id="payer_id",
                payer_name="payer__name",
                payer_kind="payer__kind",
                principal_name="payer__principal__name",
            ),
            _reviews=json_rows(
                SipActionReview.objects.filter(follow_up__in=[f.pk for f in follow_ups]),
                "action_id",
                id="pk",
                follow_up_id="follow_up_id",
                done="done",
                effect="effect",
            ),
        ),
        sip,
        authors,
        "responsible_agency__principal",
        "goal",
    )
    minutes = {m.meeting_id: m for m in _content(SipMinutes.objects.filter(meeting__sip=sip), sip, authors)}
    notes = _content(SipNote.objects.filter(sip=sip), sip, authors, "participant__user")

    for p in participants:
        p.sip = sip
        p.org_label = labels.unit(p.unit, p.agency) if p.is_staff and p.agency is not None else ""
    for a in actions:
        a.owner_label = labels.agency(a.owner_agency)
        a.responsible_label = labels.agency(a.responsible_agency) if a.responsible_agency else a.responsible_other
        a.shares = _shares(a)
        for share in a.shares:
            share.payer_label = labels.agency(share.payer)
        a.latest_review = _latest_review(a, follow_ups)
    for row in (*goals, *follow_ups, *notes, *minutes.values()):
        row.owner_label = labels.agency(row.owner_agency)
    for m in meetings:
        m.sip = sip
        m.minutes_shown = minutes.get(m.pk)
        if m.minutes_shown is not None:
            m.minutes_shown.meeting = m
        m.place_shown = m.place if labels.reveal or not m.place else WITHHELD
        m.called = _called(m, participants)
        m.attended_count = sum(1 for i in m.called if i.attended)
        m.i_am_called = any(i.participant.user_id == actor.user.pk for i in m.called)

    scopes = covering_the_plan(scopes_of(sip._consent_scopes))
    agencies = {
        p.agency_id: p.agency
        for p in participants
        if p.is_staff and p.removed_at is None and p.agency_id is not None  # staff come from an agency
    }
    agencies[sip.requesting_agency_id] = sip.requesting_agency
    withheld = sorted(
        labels.agency(agency)
        for agency_id, agency in agencies.items()
        if agency_id != actor.agency_id
        and not any(
            s.lets(from_agency_id=agency_id, to_agency_id=actor.staff_agency_id, kind=InformationKind.PLAN)
            for s in scopes
        )
    )
    me = [p for p in participants if p.user_id == actor.user.pk and p.agency_id == actor.agency_id and not p.removed_at]
    pending = [m.starts_at for m in meetings if not m.is_held and not m.is_cancelled]
    may_act = acts_on(actor, sip, ground=sip._ground, participation=me[0] if me else None)
    lead_label = ""
    if sip.lead_user is not None and sip.lead_agency is not None:  # a lead is named with their agency
        lead_label = _("%(principal)s – %(person)s (%(agency)s)") % {
            "principal": sip.lead_agency.principal.name if labels.reveal else sip.lead_agency.get_kind_display(),
            "person": sip.lead_user.get_full_name(),
            "agency": labels.agency(sip.lead_agency),
        }
    sip.requesting_label = labels.agency(sip.requesting_agency)
    _log_page(actor, action, sip, [*goals, *actions, *minutes.values(), *follow_ups, *notes], authors)
    return PlanPage(
        sip=sip,
        child=child,
        ground=sip._ground,
        may_act=may_act,
        reveal_location=labels.reveal,
        reason_withheld=sip._ground == PARTICIPANT_GROUND,
        participants=participants,
        goals_by_area=_by_area(goals),
        goals=goals,
        actions=actions,
        meetings=meetings,
        follow_ups=follow_ups,
        notes=notes,
        withheld_from=withheld,
        consent_active=bool(scopes),
        standing=standing(
            sip,
            role=workflow.role_of(sip, user_id=actor.user.pk, agency_id=actor.agency_id, acts=may_act),
            consent_active=bool(scopes),
            pending_meeting_at=min(pending) if pending else None,
        ),
        lead_label=lead_label,
        my_agency_id=actor.agency_id,
        family_words=list(FamilyWords.objects.filter(sip=sip).select_related("meeting").order_by("-written_at", "-pk")),
        experience=list(
            ExperienceAnswer.objects.filter(sip=sip).select_related("meeting").order_by("-answered_on", "-pk")
        ),
    )
