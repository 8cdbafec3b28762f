"""Lists of plans: "Mina SIP:ar" and the child's page. Each narrows first to a driving set the
viewer could know (plans they take part in or lead; one child's plans), then applies the policy,
and logs one row per plan shown."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.utils import timezone

from lots.access import policy
from lots.access.presentation import PersonView
from lots.access.secrecy import Purpose
from lots.access.selectors import active_consent_scopes_column, scopes_of
from lots.audit.models import Action
from lots.children.selectors import children_as_seen
from lots.organisations.actor import Actor
from lots.organisations.models import Agency
from lots.plans import workflow
from lots.plans.agreements import agreement_for, agreements_in, region_id_of
from lots.plans.models import Sip, SipMeeting, SipParticipant
from lots.plans.nextstep import NextStep, Standing, due_on, standing
from lots.plans.services._common import covering_the_plan

PAGE_SIZE = 50


@dataclass(frozen=True)
class Window:
    """One page of a list, without counting the whole list (a count would judge every row again)."""

    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


def _page_number(value) -> int:
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return 1


@dataclass(frozen=True)
class SipRow:
    sip: Sip
    child: PersonView
    standing: Standing
    next_meeting_at: object
    i_lead: bool

    @property
    def next_step(self) -> NextStep | None:
        return self.standing.next_step

    @property
    def overdue(self) -> bool:
        return bool(self.next_step and self.next_step.overdue)


def _with_next_meeting(queryset):
    upcoming = SipMeeting.objects.filter(
        sip_id=OuterRef("pk"), cancelled_at__isnull=True, held_at__isnull=True, ends_at__gte=timezone.now()
    ).order_by("starts_at")
    pending = SipMeeting.objects.filter(sip_id=OuterRef("pk"), cancelled_at__isnull=True, held_at__isnull=True)
    return queryset.annotate(
        next_meeting_at=Subquery(upcoming.values("starts_at")[:1]),
        pending_meeting_at=Subquery(pending.order_by("starts_at").values("starts_at")[:1]),
        _consent_scopes=active_consent_scopes_column(purpose=Purpose.SIP),
        due_on=due_on(),
    )


def _consent_active(sip) -> bool:
    """Whether a consent in effect carries the plan, from the scopes read with it (`_consent_scopes`)."""
    return bool(covering_the_plan(scopes_of(sip._consent_scopes)))


def _rows(actor: Actor, sips: list[Sip], detail: str, children: dict[int, PersonView] | None = None) -> list[SipRow]:
    policy.log_access(actor, Action.LIST, sips, detail=detail)
    if children is None:
        children = children_as_seen(actor, {s.child_id for s in sips})
    today = timezone.localdate()
    return [
        SipRow(
            sip=sip,
            child=children[sip.child_id],
            standing=standing(
                sip,
                role=workflow.Role.READER,  # a list offers no actions, only the status and the next step
                consent_active=_consent_active(sip),
                pending_meeting_at=sip.pending_meeting_at,
                today=today,
            ),
            next_meeting_at=sip.next_meeting_at,
            i_lead=sip.lead_user_id == actor.user.pk,
        )
        for sip in sips
        if sip.child_id in children
    ]


def sips_taking_part(actor: Actor, *, ended: bool = False) -> QuerySet[Sip]:
    """The plans I lead or take part in, in the agency I act in, judged by the policy (each row
    with its ground). The caller orders and pages them and logs the rows it shows."""
    # The driving set as a list of ids (two indexed lookups): an OR of the two inside the main
    # query would have the database sort every open plan before the policy narrows them.
    if actor.agency_id is None:  # only staff take part in plans, through their agency
        return policy.with_grounds(actor, Sip.objects.none())
    taking_part = SipParticipant.objects.filter(
        user_id=actor.user.pk, agency_id=actor.agency_id, removed_at__isnull=True
    ).values_list("sip_id", flat=True)
    leading = Sip.objects.filter(lead_user_id=actor.user.pk, lead_agency_id=actor.agency_id).values_list(
        "pk", flat=True
    )
    driving = Sip.objects.filter(
        pk__in=list(taking_part.union(leading)),
        status__in=workflow.ENDED_STATUSES if ended else workflow.OPEN_STATUSES,
    )
    return policy.with_grounds(actor, driving).select_related("child", "lead_user", "lead_principal")


def my_sips(actor: Actor, *, ended: bool = False, page_number: int | str = 1) -> tuple[Window, list[SipRow]]:
    """ "Mina SIP:ar": the plans I lead or take part in, in the agency I act in, most urgent first."""
    sips = _with_next_meeting(sips_taking_part(actor, ended=ended)).order_by(
        F("due_on").asc(nulls_last=True), "requested_at", "pk"
    )
    if ended:
        sips = sips.order_by("-ended_on", "-pk")
    number = _page_number(page_number)
    rows = list(sips[(number - 1) * PAGE_SIZE : number * PAGE_SIZE + 1])
    window = Window(number=number, has_next=len(rows) > PAGE_SIZE)
    return window, _rows(actor, rows[:PAGE_SIZE], "my_sips")


def sips_for_child(actor: Actor, child: PersonView, **annotations) -> list[SipRow]:
    """The child's plans that this viewer may see, for the child's page (the child is already
    read and presented there)."""
    sips = list(
        _with_next_meeting(policy.with_grounds(actor, Sip.objects.all(), child_id=child.pk))
        .annotate(**annotations)
        .select_related("child", "lead_user", "lead_principal")
        .order_by("-requested_at", "-pk")
    )
    return _rows(actor, sips, "child_sips", children={child.pk: child})


def open_sips_for_child(actor: Actor, child: PersonView) -> list[SipRow]:
    """Open plans the viewer may see, to warn before a second one is requested."""
    return [row for row in sips_for_child(actor, child) if row.sip.is_open]


def child_panel(actor: Actor, child: PersonView) -> tuple[list[SipRow], bool]:
    """The child's page: the child's plans, and whether the viewer may request one. For a school,
    where the region's agreement decides, the agreement is read with the plans when there are any
    (one query fewer on the child's page); `may_request` decides the same way."""
    region_id = None
    if actor.membership is not None and actor.membership.unit.agency.kind == Agency.Kind.SCHOOL:
        region_id = region_id_of(actor.membership.unit.agency.principal)
    if region_id is None:
        return sips_for_child(actor, child), may_request(actor)
    agreement = Subquery(agreements_in(region_id).values("schools_may_request")[:1])
    rows = sips_for_child(actor, child, _schools_may_request=agreement)
    if not rows:
        return rows, may_request(actor)
    return rows, bool(rows[0].sip._schools_may_request)  # NULL: the region has no agreement


def may_request(actor: Actor) -> bool:
    """Whether the actor's agency may request a SIP (a school only under the region's agreement)."""
    if actor.membership is None:
        return False
    agency = actor.membership.unit.agency
    if agency.kind != Agency.Kind.SCHOOL:
        return True
    agreement = agreement_for(agency.principal)
    return agreement is not None and agreement.schools_may_request


def children_with_open_sips(unit_id: int):
    """The ids of the children with a SIP not closed or cancelled that staff of the unit take part
    in: an open matter the unit holds (access.assignments, "children without an owner")."""
    return (
        SipParticipant.objects.filter(unit_id=unit_id, removed_at__isnull=True)
        .exclude(sip__status__in=("closed", "cancelled"))
        .values_list("sip__child_id", flat=True)
        .distinct()
    )


def next_steps_i_lead(actor: Actor, today: dt.date, limit: int) -> list[tuple[Sip, NextStep]]:
    """The plans I lead whose next step has a date, earliest first, each with that step as the
    workflow's table states it (for the start page; the rows read are logged)."""
    sips = list(
        _with_next_meeting(sips_taking_part(actor).filter(lead_user_id=actor.user.pk))
        .filter(due_on__isnull=False)
        .order_by(F("due_on").asc(), "pk")[:limit]
    )
    found = []
    for sip in sips:
        step = standing(
            sip,
            role=workflow.Role.LEAD,
            consent_active=_consent_active(sip),
            pending_meeting_at=sip.pending_meeting_at,
            today=today,
        ).next_step
        if step is not None:
            found.append((sip, step))
    policy.log_access(actor, Action.LIST, [sip for sip, _step in found], detail="todo")  # the plans shown
    return found
