"""Factories for every plans model, with named states (`SipFactory(established=True)`), and
`elins_sip(world)`: Elin's SIP requested by Kim at the school, with Bo (BUP) and Sam (social
services) invited and a consent for it that is active, withdrawn or missing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from lots.access.models import Assignment
from lots.access.secrecy import ALL_INFORMATION_KINDS, Purpose
from lots.access.tests.factories import AssignmentFactory, ConsentFactory
from lots.organisations.tests.factories import AgencyFactory, PrincipalFactory, UserFactory
from lots.people.tests.factories import ChildFactory
from lots.plans.models import (
    Area,
    ClosingReason,
    CostPeriod,
    Done,
    Effect,
    EventKind,
    GoalKind,
    ParticipantKind,
    RegionalAgreement,
    ResponsibleKind,
    Sip,
    SipAction,
    SipActionReview,
    SipCostShare,
    SipEvent,
    SipFollowUp,
    SipGoal,
    SipInvitee,
    SipMeeting,
    SipMinutes,
    SipNote,
    SipParticipant,
    Status,
)


def _days(n: int):
    return factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=n))


def _at(**kwargs):
    return factory.LazyFunction(lambda: timezone.now() + dt.timedelta(**kwargs))


class RegionalAgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegionalAgreement
        django_get_or_create = ("region",)

    region = factory.SubFactory(PrincipalFactory, region_kind=True)
    name = "Överenskommelse om samordnad individuell plan för barn och unga"
    schools_may_request = True
    meeting_within_days = 21
    reminder_days_before_follow_up = 7

    class Params:
        schools_excluded = factory.Trait(schools_may_request=False)


class SipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sip

    child = factory.SubFactory(ChildFactory)
    requesting_agency = factory.SubFactory(AgencyFactory)
    requested_by = factory.SubFactory(UserFactory)
    requested_at = _at(days=-20)
    reason = "Elin har hög frånvaro och oro hemma; skola, socialtjänst och BUP behöver samordna sig."
    meeting_due_on = _days(1)

    class Params:
        consent_obtained = factory.Trait(status=Status.CONSENT_OBTAINED)
        meeting_called = factory.Trait(status=Status.MEETING_CALLED)
        established = factory.Trait(
            status=Status.ESTABLISHED, first_meeting_on=_days(-10), follow_up_on=_days(60), meeting_due_on=_days(-5)
        )
        followed_up = factory.Trait(
            status=Status.FOLLOWED_UP, first_meeting_on=_days(-100), follow_up_on=_days(60), meeting_due_on=_days(-95)
        )
        overdue = factory.Trait(
            status=Status.ESTABLISHED, first_meeting_on=_days(-100), follow_up_on=_days(-3), meeting_due_on=_days(-95)
        )
        paused = factory.Trait(status=Status.PAUSED, paused_from=Status.ESTABLISHED, follow_up_on=_days(30))
        closed = factory.Trait(status=Status.CLOSED, ended_on=_days(-1), closing_reason=ClosingReason.GOALS_MET)
        cancelled = factory.Trait(status=Status.CANCELLED, ended_on=_days(-1), ending_comment="Familjen avböjde.")


class SipParticipantFactory(factory.django.DjangoModelFactory):
    """Staff by default: give `membership=` or user, unit and agency."""

    class Meta:
        model = SipParticipant
        exclude = ["membership"]

    sip = factory.SubFactory(SipFactory)
    membership = None
    kind = ParticipantKind.STAFF
    user = factory.LazyAttribute(lambda o: o.membership.user if o.membership else UserFactory())
    unit = factory.LazyAttribute(lambda o: o.membership.unit if o.membership else None)
    agency = factory.LazyAttribute(lambda o: o.membership.unit.agency if o.membership else None)
    role_text = "Kurator"
    invited_by = factory.SelfAttribute("sip.requested_by")
    assignment = factory.LazyAttribute(
        lambda o: (
            AssignmentFactory(user=o.user, unit=o.unit, child=o.sip.child, reason=Assignment.Reason.SIP_PARTICIPANT)
            if o.unit is not None
            else None
        )
    )

    class Params:
        guardian = factory.Trait(
            kind=ParticipantKind.GUARDIAN, user=None, unit=None, agency=None, assignment=None, name="Gun Berg"
        )
        the_child = factory.Trait(
            kind=ParticipantKind.CHILD, user=None, unit=None, agency=None, assignment=None, name="Elin Berg"
        )
        removed = factory.Trait(removed_at=_at(days=-1))


class SipMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SipMeeting

    sip = factory.SubFactory(SipFactory)
    starts_at = _at(days=5)
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=1, minutes=30))
    place = "Socialkontoret, rum Ek"
    called_by = factory.SelfAttribute("sip.requested_by")
    called_by_agency = factory.SelfAttribute("sip.requesting_agency")

    class Params:
        held = factory.Trait(starts_at=_at(days=-10), held_at=_at(days=-10))
        cancelled = factory.Trait(cancelled_at=_at(hours=-1), sequence=1)
        video = factory.Trait(place="", video_link="https://meet.sjoland.se/sip-123")


class SipInviteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SipInvitee

    meeting = factory.SubFactory(SipMeetingFactory)
    participant = factory.SubFactory(SipParticipantFactory, sip=factory.SelfAttribute("..meeting.sip"))

    class Params:
        came = factory.Trait(attended=True)


class _Written(factory.django.DjangoModelFactory):
    owner_agency = factory.SubFactory(AgencyFactory)
    written_by = factory.SubFactory(UserFactory)


class SipGoalFactory(_Written):
    class Meta:
        model = SipGoal

    sip = factory.SubFactory(SipFactory)
    area = Area.SCHOOL
    kind = GoalKind.SHARED_GOAL
    text = "Elin går i skolan minst fyra dagar i veckan."

    class Params:
        childs_own = factory.Trait(kind=GoalKind.CHILD_GOAL, text="Jag vill orka gå till skolan och ha kompisar.")
        need = factory.Trait(kind=GoalKind.NEED, text="Stöd i att komma i väg till skolan på morgonen.")


class SipActionFactory(_Written):
    class Meta:
        model = SipAction

    sip = factory.SubFactory(SipFactory)
    what = "Samtal med kurator varje vecka"
    responsible_kind = ResponsibleKind.AGENCY
    responsible_agency = factory.SelfAttribute("owner_agency")
    responsible_person = "Kim Kuratorsson"
    starts_on = _days(0)
    ends_on = _days(90)

    class Params:
        by_family = factory.Trait(
            responsible_kind=ResponsibleKind.FAMILY, responsible_agency=None, responsible_other="Föräldrarna"
        )
        with_cost = factory.Trait(cost_amount=Decimal("45000"), cost_period=CostPeriod.MONTH)


class SipCostShareFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SipCostShare

    action = factory.SubFactory(SipActionFactory, with_cost=True)
    payer = factory.SelfAttribute("action.owner_agency")
    percent = 100


class SipMinutesFactory(_Written):
    class Meta:
        model = SipMinutes

    meeting = factory.SubFactory(SipMeetingFactory, held=True)
    text = "Alla parter presenterade sig. Elins mål formulerades tillsammans med henne."
    child_views = ""


class SipNoteFactory(_Written):
    class Meta:
        model = SipNote

    sip = factory.SubFactory(SipFactory)
    text = "Mormor deltar på familjens önskan."


class SipFollowUpFactory(_Written):
    class Meta:
        model = SipFollowUp

    sip = factory.SubFactory(SipFactory, established=True)
    held_on = _days(0)
    summary = "Närvaron har ökat; samtalen fortsätter."
    next_follow_up_on = _days(90)


class SipActionReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SipActionReview

    follow_up = factory.SubFactory(SipFollowUpFactory)
    action = factory.SubFactory(SipActionFactory, sip=factory.SelfAttribute("..follow_up.sip"))
    done = Done.YES
    effect = Effect.PARTLY


class SipEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SipEvent

    sip = factory.SubFactory(SipFactory)
    kind = EventKind.REQUESTED
    to_status = Status.REQUESTED


def agreement(world, **kwargs) -> RegionalAgreement:
    """The region's agreement: schools may request a SIP, meeting within three weeks."""
    return RegionalAgreementFactory(region=world.school.principal.region, **kwargs)


def sip_consent(world, sip: Sip, *, agencies=None, **kwargs):
    return ConsentFactory(
        child=sip.child,
        purpose=Purpose.SIP,
        reference_id=sip.pk,
        information_kinds=ALL_INFORMATION_KINDS,
        recorded_in=sip.requesting_agency,
        noted_by=sip.requested_by,
        agencies=agencies if agencies is not None else [world.school, world.social, world.bup],
        **kwargs,
    )


def _staff(world, sip, user, unit, role):
    assignment = Assignment.objects.filter(user=user, child=sip.child).first()
    return SipParticipantFactory(
        sip=sip, user=user, unit=unit, agency=unit.agency, role_text=role, assignment=assignment, has_mandate=True
    )


def elins_sip(world, *, consent: str | None = "active", **traits) -> Sip:
    """Elin's SIP requested by Kim at the school; Kim, Bo (BUP) and Sam (social services) take part."""
    agreement(world)
    sip = SipFactory(child=world.elin, requesting_agency=world.school, requested_by=world.kim, **traits)
    if sip.status == Status.REQUESTED and consent == "active":
        sip.status = Status.CONSENT_OBTAINED
        sip.save(update_fields=["status"])
    sip.kim = _staff(world, sip, world.kim, world.school_unit, "Kurator")
    sip.bo = _staff(world, sip, world.bo, world.bup_unit, "Psykolog, BUP")
    sip.sam = _staff(world, sip, world.sam, world.social_unit, "Socialsekreterare")
    if consent is not None:
        sip.consent = sip_consent(world, sip, withdrawn=consent == "withdrawn")
    return sip


def lead_by(sip: Sip, participant) -> Sip:
    """Name a participant the plan's lead, as establishing it does."""
    sip.lead_user, sip.lead_agency = participant.user, participant.agency
    sip.lead_principal = participant.agency.principal
    sip.save(update_fields=["lead_user", "lead_agency", "lead_principal"])
    return sip
