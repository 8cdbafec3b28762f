"""Writing a demo SIP with dates in the past: the steps of its life cycle as rows and events,
so that waiting times and deadlines in the demo look real (used by demo/plans.py)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from lots.access.models import Assignment, Consent, ConsentAgency, ConsentParty
from lots.access.secrecy import InformationKind, Purpose
from lots.catalogue.models import Intervention
from lots.core.calendar import add_calendar_days
from lots.organisations.models import Membership, Unit, User
from lots.people.models import Child, Relationship
from lots.plans.models import (
    EventKind,
    ParticipantKind,
    ResponsibleKind,
    Sip,
    SipAction,
    SipCostShare,
    SipEvent,
    SipGoal,
    SipInvitee,
    SipMeeting,
    SipMinutes,
    SipParticipant,
    Status,
)

PLAN_KINDS = int(InformationKind.PLAN | InformationKind.SCHOOL | InformationKind.HEALTH | InformationKind.SOCIAL)


class SipBuilder:
    def __init__(self, units: dict[str, Unit], users: dict[str, User], today: dt.date):
        self.units, self.users, self.today = units, users, today
        self.now = timezone.now()
        self.roles = {
            (m.user_id, m.unit_id): m.get_role_display()
            for m in Membership.objects.filter(user__in=users.values()).select_related("unit")
        }

    def at(self, days: int, hour: int = 10) -> dt.datetime:
        day = self.today + dt.timedelta(days=days)
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))

    def event(self, sip, kind, days, username=None, unit=None, *, before="", after="", fields=()):
        SipEvent.objects.create(
            sip=sip,
            at=self.at(days, 11),
            user=self.users[username] if username else None,
            agency=self.units[unit].agency if unit else None,
            kind=kind,
            from_status=before,
            to_status=after,
            changed_fields=list(fields),
        )

    def request(self, child: Child, username: str, unit: str, days: int, reason: str) -> Sip:
        sip = Sip.objects.create(
            child=child,
            requesting_agency=self.units[unit].agency,
            requested_by=self.users[username],
            requested_at=self.at(-days, 9),
            reason=reason,
            meeting_due_on=add_calendar_days(self.today - dt.timedelta(days=days), 21),
        )
        self.invite(sip, username, unit, days, mandate=False)
        self.event(sip, EventKind.REQUESTED, -days, username, unit, after=Status.REQUESTED)
        return sip

    def invite(self, sip: Sip, username: str, unit: str, days: int, *, mandate: bool = True, role: str = ""):
        user, unit_row = self.users[username], self.units[unit]
        assignment = Assignment.objects.filter(user=user, unit=unit_row, child=sip.child).first()
        if assignment is None:
            assignment = Assignment.objects.create(
                user=user,
                unit=unit_row,
                child=sip.child,
                reason=Assignment.Reason.SIP_PARTICIPANT,
                starts_at=self.at(-days, 9),
                created_by=sip.requested_by,
            )
        participant = SipParticipant.objects.create(
            sip=sip,
            kind=ParticipantKind.STAFF,
            user=user,
            unit=unit_row,
            agency=unit_row.agency,
            role_text=role or self.roles[(user.pk, unit_row.pk)],
            has_mandate=mandate,
            assignment=assignment,
            invited_by=sip.requested_by,
            invited_at=self.at(-days, 10),
        )
        if username != sip.requested_by.username:
            self.event(sip, EventKind.PARTICIPANT_ADDED, -days, sip.requested_by.username, None)
        return participant

    def person(self, sip: Sip, kind: str, name: str, role: str = "") -> SipParticipant:
        return SipParticipant.objects.create(sip=sip, kind=kind, name=name, role_text=role, invited_by=sip.requested_by)

    def consent(self, sip: Sip, units: list[str], days: int, *, withdrawn_days: int | None = None) -> Consent:
        guardians = list(
            Relationship.objects.filter(child=sip.child, kind=Relationship.Kind.GUARDIAN).select_related("person")
        )
        consent = Consent.objects.create(
            child=sip.child,
            purpose=Purpose.SIP,
            reference_id=sip.pk,
            information_kinds=PLAN_KINDS,
            form=Consent.Form.SIGNED_PAPER,
            noted_by=sip.requested_by,
            recorded_in=sip.requesting_agency,
            created_at=self.at(-days, 13),
            effective_at=self.at(-days, 13),
            withdrawn_at=self.at(-withdrawn_days, 15) if withdrawn_days is not None else None,
            withdrawn_by_name=guardians[0].person.full_name if withdrawn_days is not None else "",
        )
        agencies = {sip.requesting_agency_id} | {self.units[u].agency_id for u in units}
        ConsentAgency.objects.bulk_create([ConsentAgency(consent=consent, agency_id=a) for a in agencies])
        ConsentParty.objects.bulk_create(
            [
                ConsentParty(consent=consent, role="guardian", guardian=r.person, given_at=self.at(-days, 13))
                for r in guardians
            ]
        )
        self.event(sip, EventKind.CONSENT_RECORDED, -days, sip.requested_by.username, None)
        self.event(
            sip,
            EventKind.CONSENT_CONFIRMED,
            -days,
            sip.requested_by.username,
            None,
            before="requested",
            after="consent_obtained",
        )
        sip.status = Status.CONSENT_OBTAINED
        return consent

    def meeting(self, sip, days: int, invitees, *, place="", video="", held_by=None, came=(), minutes="", views=""):
        starts = self.at(days, 13)
        meeting = SipMeeting.objects.create(
            sip=sip,
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=1, minutes=30),
            place=place,
            video_link=video,
            called_by=sip.requested_by,
            called_by_agency=sip.requesting_agency,
            held_at=starts + dt.timedelta(hours=2) if held_by else None,
        )
        SipInvitee.objects.bulk_create(
            [SipInvitee(meeting=meeting, participant=p, attended=(p in came) if held_by else None) for p in invitees]
        )
        if sip.status == Status.CONSENT_OBTAINED:
            sip.status = Status.MEETING_CALLED
            self.event(
                sip,
                EventKind.MEETING_CALLED,
                min(days, 0) - 7,
                sip.requested_by.username,
                None,
                before="consent_obtained",
                after="meeting_called",
            )
        if held_by:
            SipMinutes.objects.create(
                meeting=meeting,
                owner_agency=held_by.agency,
                written_by=held_by.user,
                text=minutes,
                child_views=views,
                written_at=starts + dt.timedelta(hours=3),
            )
            sip.first_meeting_on = sip.first_meeting_on or starts.date()
            self.event(
                sip, EventKind.MEETING_RECORDED, days, held_by.user.username, None, fields=["attended", "minutes"]
            )
        return meeting

    def goal(self, sip, writer: SipParticipant, area, kind, text) -> SipGoal:
        return SipGoal.objects.create(
            sip=sip, owner_agency=writer.agency, written_by=writer.user, area=area, kind=kind, text=text
        )

    def action(self, sip, writer: SipParticipant, what, *, agency=None, other="", person="", days=(0, 180), **cost):
        shares = cost.pop("shares", [])
        intervention = (
            Intervention.objects.filter(name=cost.pop("intervention")).first() if "intervention" in cost else None
        )
        action = SipAction.objects.create(
            intervention=intervention,
            intervention_name=intervention.name if intervention else "",
            sip=sip,
            owner_agency=writer.agency,
            written_by=writer.user,
            what=what,
            responsible_kind=ResponsibleKind.AGENCY if agency else cost.pop("kind", ResponsibleKind.FAMILY),
            responsible_agency=self.units[agency].agency if agency else None,
            responsible_other=other,
            responsible_person=person,
            starts_on=self.today + dt.timedelta(days=days[0]),
            ends_on=self.today + dt.timedelta(days=days[1]) if days[1] is not None else None,
            **cost,
        )
        SipCostShare.objects.bulk_create(
            [SipCostShare(action=action, payer=self.units[u].agency, percent=p) for u, p in shares]
        )
        return action

    def establish(self, sip, lead: SipParticipant, days: int, follow_up_days: int) -> None:
        sip.lead_user, sip.lead_agency = lead.user, lead.agency
        sip.lead_principal_id = lead.agency.principal_id
        sip.follow_up_on = self.today + dt.timedelta(days=follow_up_days)
        sip.status = Status.ESTABLISHED
        self.event(
            sip,
            EventKind.ESTABLISHED,
            days,
            lead.user.username,
            None,
            before="meeting_called",
            after="established",
            fields=["lead_user", "follow_up_on"],
        )
