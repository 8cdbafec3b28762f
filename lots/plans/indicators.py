"""The SIP indicators of the follow-up (lots.followup.registry): what they count, and how.

Each computation is one grouped query over the plans' own tables, by the plan's agency (the
agency that requested it; with a unit chosen, the plans the unit takes part in) and category.
It returns counts, never a plan or a child. Registered from `PlansConfig.ready()`.
"""

from __future__ import annotations

from dataclasses import replace

from django.db.models import Count, DateField, DurationField, Exists, ExpressionWrapper, F, OuterRef, Q
from django.db.models.functions import Cast, TruncDate
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from lots.followup.registry import Definition, Direction, Indicator, Kind, Scope, Tally, register
from lots.people.demographics import AGE_LABELS, SEXES, age_band_expression, sex_expression
from lots.plans.models import (
    ClosingReason,
    Done,
    Effect,
    EventKind,
    ParticipantKind,
    Sip,
    SipActionReview,
    SipEvent,
    SipFollowUp,
    SipInvitee,
    SipMeeting,
    SipParticipant,
    Status,
)

AREA = _("Coordinated individual plans (SIP)")
OWNER = _("The SIP coordinators of the principals (in the agreement on SIP)")


def _plans(scope: Scope, path: str = ""):
    """The condition on a plan (reached through `path`) for the scope: its agency, or the unit."""
    if scope.unit_id is not None:
        taking_part = SipParticipant.objects.filter(
            sip_id=OuterRef(f"{path}pk" if path else "pk"), unit_id=scope.unit_id
        )
        return Exists(taking_part)
    return Q(**{f"{path}requesting_agency_id__in": list(scope.agency_ids)})


def _tallies(rows, *, category: bool = False) -> list[Tally]:
    return [Tally(agency_id=r["org"], n=r["n"], category=(r.get("category") or "") if category else "") for r in rows]


def _requested(scope: Scope):
    return Sip.objects.filter(
        _plans(scope), requested_at__gte=scope.period.starts_at, requested_at__lt=scope.period.ends_before
    )


def requested(scope: Scope) -> list[Tally]:
    return _tallies(_requested(scope).values(org=F("requesting_agency_id")).annotate(n=Count("*")).order_by())


def requested_by_sex(scope: Scope) -> list[Tally]:
    """By the child's legal sex, from the identity number (people.demographics)."""
    rows = _requested(scope).values(org=F("requesting_agency_id"), category=sex_expression("child__identity_number"))
    return _tallies(rows.annotate(n=Count("*")).order_by(), category=True)


def requested_by_age(scope: Scope) -> list[Tally]:
    """By the child's age band on the day the plan was requested, from the identity number."""
    band = age_band_expression("child__identity_number", "requested_at")
    rows = _requested(scope).values(org=F("requesting_agency_id"), category=band)
    return _tallies(rows.annotate(n=Count("*")).order_by(), category=True)


def consent_obtained(scope: Scope) -> list[Tally]:
    rows = (
        SipEvent.objects.filter(
            _plans(scope, "sip__"),
            kind__in=[EventKind.CONSENT_CONFIRMED, EventKind.CONSENT_RECORDED],
            at__gte=scope.period.starts_at,
            at__lt=scope.period.ends_before,
        )
        .values(org=F("sip__requesting_agency_id"))
        .annotate(n=Count("sip_id", distinct=True))
        .order_by()
    )
    return _tallies(rows)


def first_meeting(scope: Scope) -> list[Tally]:
    rows = (
        Sip.objects.filter(
            _plans(scope), first_meeting_on__gte=scope.period.start, first_meeting_on__lte=scope.period.end
        )
        .values(org=F("requesting_agency_id"))
        .annotate(n=Count("*"))
        .order_by()
    )
    return _tallies(rows)


def followed_up(scope: Scope) -> list[Tally]:
    rows = (
        SipFollowUp.objects.filter(
            _plans(scope, "sip__"), held_on__gte=scope.period.start, held_on__lte=scope.period.end
        )
        .values(org=F("sip__requesting_agency_id"))
        .annotate(n=Count("sip_id", distinct=True))
        .order_by()
    )
    return _tallies(rows)


def closed(scope: Scope) -> list[Tally]:
    rows = (
        Sip.objects.filter(
            _plans(scope), status=Status.CLOSED, ended_on__gte=scope.period.start, ended_on__lte=scope.period.end
        )
        .values(org=F("requesting_agency_id"), category=F("closing_reason"))
        .annotate(n=Count("*"))
        .order_by()
    )
    return _tallies(rows, category=True)


def cancelled(scope: Scope) -> list[Tally]:
    # The reason for cancelling is free text; the stage the plan had reached is counted instead.
    rows = (
        SipEvent.objects.filter(
            _plans(scope, "sip__"),
            kind=EventKind.CANCELLED,
            sip__status=Status.CANCELLED,
            sip__ended_on__gte=scope.period.start,
            sip__ended_on__lte=scope.period.end,
        )
        .values(org=F("sip__requesting_agency_id"), category=F("from_status"))
        .annotate(n=Count("sip_id", distinct=True))
        .order_by()
    )
    return _tallies(rows, category=True)


def waiting_days(scope: Scope) -> list[Tally]:
    requested_day = Cast(TruncDate("requested_at", tzinfo=timezone.get_current_timezone()), DateField())
    rows = (
        Sip.objects.filter(
            _plans(scope), first_meeting_on__gte=scope.period.start, first_meeting_on__lte=scope.period.end
        )
        .annotate(requested_day=requested_day)
        .annotate(waited=ExpressionWrapper(F("first_meeting_on") - F("requested_day"), output_field=DurationField()))
        .values(org=F("requesting_agency_id"), waited=F("waited"))
        .annotate(n=Count("*"))
        .order_by()
    )
    return [Tally(agency_id=r["org"], n=r["n"], days=r["waited"].days) for r in rows]


def follow_up_on_time(scope: Scope) -> list[Tally]:
    """Follow-up dates that fell in the period (and have passed), and whether each was kept."""
    last = scope.last_day
    later = SipFollowUp.objects.filter(
        sip_id=OuterRef("sip_id"), pk__gt=OuterRef("pk"), held_on__lte=OuterRef("next_follow_up_on")
    )
    set_at_follow_up = (
        SipFollowUp.objects.filter(
            _plans(scope, "sip__"), next_follow_up_on__gte=scope.period.start, next_follow_up_on__lte=last
        )
        .exclude(sip__ended_on__lte=F("next_follow_up_on"))
        .annotate(kept=Exists(later))
        .values(org=F("sip__requesting_agency_id"))
        .annotate(of=Count("*"), n=Count("pk", filter=Q(kept=True)))
        .order_by()
    )
    never_followed_up = (
        Sip.objects.filter(_plans(scope), follow_up_on__gte=scope.period.start, follow_up_on__lte=last)
        .exclude(status__in=[Status.REQUESTED, Status.CONSENT_OBTAINED, Status.MEETING_CALLED, Status.CANCELLED])
        .exclude(ended_on__lte=F("follow_up_on"))
        .exclude(Exists(SipFollowUp.objects.filter(sip_id=OuterRef("pk"))))
        .values(org=F("requesting_agency_id"))
        .annotate(of=Count("*"))
        .order_by()
    )
    return [Tally(agency_id=r["org"], n=r["n"], of=r["of"]) for r in set_at_follow_up] + [
        Tally(agency_id=r["org"], n=0, of=r["of"]) for r in never_followed_up
    ]


def _held_meetings(scope: Scope):
    called = SipInvitee.objects.filter(
        meeting_id=OuterRef("pk"), uninvited=False, participant__kind=ParticipantKind.STAFF
    )
    return SipMeeting.objects.filter(
        _plans(scope, "sip__"),
        Exists(called),
        cancelled_at__isnull=True,
        held_at__gte=scope.period.starts_at,
        held_at__lt=scope.period.ends_before,
    )


def _meeting_share(scope: Scope, kept) -> list[Tally]:
    rows = (
        _held_meetings(scope)
        .annotate(kept=kept)
        .values(org=F("sip__requesting_agency_id"))
        .annotate(of=Count("*"), n=Count("pk", filter=Q(kept=True)))
        .order_by()
    )
    return [Tally(agency_id=r["org"], n=r["n"], of=r["of"]) for r in rows]


def everyone_attended(scope: Scope) -> list[Tally]:
    absent = SipInvitee.objects.filter(
        meeting_id=OuterRef("pk"), uninvited=False, participant__kind=ParticipantKind.STAFF
    ).exclude(attended=True)
    return _meeting_share(scope, ~Exists(absent))


def mandate_present(scope: Scope) -> list[Tally]:
    deciding = SipInvitee.objects.filter(
        meeting_id=OuterRef("meeting_id"),
        attended=True,
        participant__has_mandate=True,
        participant__agency_id=OuterRef("participant__agency_id"),
    )
    agency_without_mandate = SipInvitee.objects.filter(
        meeting_id=OuterRef("pk"), uninvited=False, participant__kind=ParticipantKind.STAFF
    ).exclude(Exists(deciding))
    return _meeting_share(scope, ~Exists(agency_without_mandate))


def _review_share(scope: Scope, kept: Q, *, exclude: Q | None = None) -> list[Tally]:
    reviews = SipActionReview.objects.filter(
        _plans(scope, "follow_up__sip__"),
        follow_up__held_on__gte=scope.period.start,
        follow_up__held_on__lte=scope.period.end,
    )
    if exclude is not None:
        reviews = reviews.exclude(exclude)
    rows = (
        reviews.values(org=F("follow_up__sip__requesting_agency_id"))
        .annotate(of=Count("*"), n=Count("pk", filter=kept))
        .order_by()
    )
    return [Tally(agency_id=r["org"], n=r["n"], of=r["of"]) for r in rows]


def actions_done(scope: Scope) -> list[Tally]:
    return _review_share(scope, Q(done=Done.YES))


def actions_effect(scope: Scope) -> list[Tally]:
    return _review_share(scope, Q(effect=Effect.YES), exclude=Q(effect=Effect.TOO_EARLY))


def _sip(**fields) -> Indicator:
    return Indicator(area=AREA, owner=OWNER, **fields)


def _breakdown(key, label, counted, compute, categories, plan) -> Indicator:
    """SIPs requested, broken down by what the child's identity number gives."""
    unnumbered = _("A child with a reserve number only is counted under no identity number.")
    return _sip(
        key=key,
        label=label,
        kind=Kind.COUNT,
        definition=Definition(counted, _("The day the plan was requested."), format_lazy("{} {}", unnumbered, plan)),
        compute=compute,
        categories=categories,
    )


def register_indicators() -> None:
    from lots.plans import indicators_experience  # it reads this module's names

    plan = _("A plan belongs to the agency that requested it; with a unit chosen, to every unit taking part.")
    for order, indicator in enumerate(
        [
            _sip(
                key="sip.requested",
                label=_("SIPs requested"),
                kind=Kind.COUNT,
                definition=Definition(
                    counted=_("Plans requested."), dated=_("The day the plan was requested."), excluded=plan
                ),
                compute=requested,
            ),
            _breakdown(
                "sip.requested_by_sex",
                _("SIPs requested, girls and boys"),
                _("Plans requested, by the child's legal sex as the identity number gives it."),
                requested_by_sex,
                SEXES,
                plan,
            ),
            _breakdown(
                "sip.requested_by_age",
                _("SIPs requested, by age band"),
                _("Plans requested, by the child's age on that day as the identity number gives it."),
                requested_by_age,
                AGE_LABELS,
                plan,
            ),
            _sip(
                key="sip.consent_obtained",
                label=_("SIPs with consent obtained"),
                kind=Kind.COUNT,
                definition=Definition(
                    counted=_("Plans whose consent was obtained (confirmed or recorded), once per plan and period."),
                    dated=_("The day the consent was obtained; a consent withdrawn and obtained anew counts again."),
                    excluded=plan,
                ),
                compute=consent_obtained,
            ),
            _sip(
                key="sip.first_meeting",
                label=_("SIPs with a first meeting held"),
                kind=Kind.COUNT,
                definition=Definition(
                    counted=_("Plans whose first meeting was held."),
                    dated=_(
                        "The day of the first meeting (a plan requested in one period and held in the next counts "
                        "in the next)."
                    ),
                    excluded=plan,
                ),
                compute=first_meeting,
            ),
            _sip(
                key="sip.followed_up",
                label=_("SIPs followed up"),
                kind=Kind.COUNT,
                definition=Definition(
                    counted=_("Plans followed up at least once, once per plan and period."),
                    dated=_("The day of the follow-up."),
                    excluded=plan,
                ),
                compute=followed_up,
            ),
            _sip(
                key="sip.closed",
                label=_("SIPs closed, by reason"),
                kind=Kind.COUNT,
                definition=Definition(
                    counted=_("Plans closed, by the reason given."),
                    dated=_("The day the plan was closed."),
                    excluded=_("Cancelled plans (a separate figure)."),
                ),
                compute=closed,
                categories={c.value: c.label for c in ClosingReason},
            ),
            _sip(
                key="sip.cancelled",
                label=_("SIPs cancelled, by stage"),
                kind=Kind.COUNT,
                definition=Definition(
                    counted=_(
                        "Plans cancelled before they were established, by how far they had come (the reason is free "
                        "text)."
                    ),
                    dated=_("The day the plan was cancelled."),
                    excluded=plan,
                ),
                compute=cancelled,
                categories={
                    Status.REQUESTED.value: _("Before consent"),
                    Status.CONSENT_OBTAINED.value: _("After consent"),
                    Status.MEETING_CALLED.value: _("With a meeting called"),
                },
            ),
            _sip(
                key="sip.waiting_days",
                label=_("Days from request to first meeting"),
                kind=Kind.DURATION,
                definition=Definition(
                    counted=_(
                        "Calendar days from the day the plan was requested to the day its first meeting was held: "
                        "median and 90th percentile."
                    ),
                    dated=_("The day of the first meeting."),
                    excluded=_("Plans without a first meeting."),
                ),
                compute=waiting_days,
                direction=Direction.AT_MOST,
            ),
            _sip(
                key="sip.follow_up_on_time",
                label=_("Follow-ups held by their date"),
                kind=Kind.SHARE,
                definition=Definition(
                    counted=_(
                        "Follow-up dates set for a plan, and whether a follow-up was held on or before the date."
                    ),
                    dated=_("The follow-up date; dates not yet passed are not counted."),
                    excluded=_(
                        "Plans that ended before the date. The first follow-up date of a plan that has since been "
                        "followed up is not kept, so it is not counted."
                    ),
                ),
                compute=follow_up_on_time,
            ),
            _sip(
                key="sip.everyone_attended",
                label=_("Meetings where every member of staff called attended"),
                kind=Kind.SHARE,
                definition=Definition(
                    counted=_(
                        "Meetings held, and those at which every member of staff still called was recorded as present."
                    ),
                    dated=_("The day the meeting was recorded as held."),
                    excluded=_("Cancelled meetings, and meetings to which no staff were called."),
                ),
                compute=everyone_attended,
            ),
            _sip(
                key="sip.mandate_present",
                label=_("Meetings where every agency called had a mandate to decide"),
                kind=Kind.SHARE,
                definition=Definition(
                    counted=_(
                        "Meetings held, and those at which each agency called had someone present with the mandate "
                        "to decide on its actions."
                    ),
                    dated=_("The day the meeting was recorded as held."),
                    excluded=_("Cancelled meetings, and meetings to which no staff were called."),
                ),
                compute=mandate_present,
            ),
            _sip(
                key="sip.actions_done",
                label=_("Actions done"),
                kind=Kind.SHARE,
                definition=Definition(
                    counted=_("Actions reviewed at a follow-up, and those reviewed as done."),
                    dated=_("The day of the follow-up."),
                    excluded=_("Actions not reviewed."),
                ),
                compute=actions_done,
            ),
            _sip(
                key="sip.actions_effect",
                label=_("Actions with the intended effect"),
                kind=Kind.SHARE,
                definition=Definition(
                    counted=_("Actions reviewed at a follow-up, and those that had the intended effect."),
                    dated=_("The day of the follow-up."),
                    excluded=_("Reviews that say it is too early to tell."),
                ),
                compute=actions_effect,
            ),
            *indicators_experience.indicators(),
        ]
    ):
        register(replace(indicator, order=100 + order))
