"""The demo's deviations and forums: scenario 5 (BUP twice absent from Elin's SIP; the rektor
reports it; it involves two principals and goes to the steering group), a proposal of Lots' own,
a closed deviation, and the forums that meet around them (the steering group, a BUS group)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from lots.deviations import services as deviations
from lots.deviations.models import Kind, Source
from lots.forums import services as forums
from lots.forums.models import ForumKind
from lots.organisations.actor import Actor
from lots.organisations.models import Unit, User
from lots.people.models import Child
from lots.plans.models import Sip


def _actor(user: User, unit: str) -> Actor:
    return Actor(user=user, membership=user.memberships.select_related("unit__agency__principal").get(unit__name=unit))


def _at(today: dt.date, days: int, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=days), dt.time(hour)))


def build_deviations(units: dict[str, Unit], users: dict[str, User], children: dict[str, Child], *, today) -> None:
    rektor = _actor(users["rektor.asen"], "Åsens skola")
    school, bup = units["Åsens skola"].agency, units["BUP Åskär"].agency
    deviations.report_deviation(
        actor=rektor,
        kind=Kind.MISSED_SIP,
        happened_on=today - dt.timedelta(days=3),
        description="BUP var kallad till SIP-mötet men kom inte, andra gången för samma plan. Ingen återbud lämnades.",
        consequence="Planen kunde inte fastställas; insatserna från BUP är fortfarande oklara.",
        agencies=[school, bup],
    )
    closed = deviations.report_deviation(
        actor=rektor,
        kind=Kind.INFORMATION_NOT_PASSED,
        happened_on=today - dt.timedelta(days=40),
        description="Kallelsen till överlämningsmötet skickades inte vidare till mottagande skola.",
        agencies=[school],
    )
    deviations.record_analysis(
        actor=rektor,
        deviation=closed,
        analysis="Kallelsen gick till en enskild handläggares e-post under semestern.",
        measures="Kallelser skickas till skolans gemensamma funktionsbrevlåda.",
    )
    deviations.close(actor=rektor, deviation=closed, outcome="Rutinen för kallelser är ändrad och spridd.")
    sip = Sip.objects.filter(child=children["elin"]).order_by("pk").first()
    deviations.propose(
        signal=deviations.Signal(
            key="demo-sip-follow-up",
            source=Source.SIP_FOLLOW_UP,
            kind=Kind.ACTION_NOT_DELIVERED,
            agency_id=units["Barn- och ungdomsutredning"].agency_id,
            unit_id=units["Barn- och ungdomsutredning"].pk,
            happened_on=today - dt.timedelta(days=2),
            evidence_url=reverse("plans:detail", args=[sip.pk]) if sip else "",
            child_id=sip.child_id if sip else None,
        )
    )

    chair = _actor(users["styrgrupp.region"], "Regionens stab")
    steering = forums.create_forum(
        actor=chair,
        name="Styrgruppen för barn och unga",
        kind=ForumKind.STEERING_GROUP,
        purpose="Följer upp samverkansöverenskommelsen och avvikelser som rör flera huvudmän.",
        schedule="Två gånger per termin",
    )
    for username, role in [("styrgrupp", "Kommunen"), ("rektor.asen", "Skolan"), ("verksamhetschef.bup", "BUP")]:
        forums.add_member(actor=chair, forum=steering, user=users[username], role_text=role)
    held = forums.schedule_meeting(
        actor=chair, forum=steering, starts_at=_at(today, -60, 9), ends_at=_at(today, -60, 11), place="Regionhuset"
    )
    forums.add_decision(actor=chair, meeting=held, text="Avvikelser som rör flera huvudmän tas upp på varje möte.")
    forums.add_action(
        actor=chair,
        meeting=held,
        text="Ta fram en gemensam rutin för kallelser till SIP.",
        owner=users["verksamhetschef.bup"],
        due_on=today + dt.timedelta(days=5),
    )
    forums.keep_minutes(
        actor=chair, meeting=held, minutes="Genomgång av uppföljningen för hösten.", attended_member_ids=set()
    )
    forums.schedule_meeting(
        actor=chair, forum=steering, starts_at=_at(today, 10, 9), ends_at=_at(today, 10, 11), place="Regionhuset"
    )

    bus = forums.create_forum(
        actor=rektor,
        name="BUS Åskär",
        kind=ForumKind.BUS,
        purpose="Skola, socialtjänst och BUP om barn i behov av särskilt stöd, utan namn.",
        schedule="Två gånger per termin",
    )
    forums.add_member(actor=rektor, forum=bus, user=users["chef.bup"], role_text="BUP")
    forums.schedule_meeting(
        actor=rektor, forum=bus, starts_at=_at(today, 14, 13), ends_at=_at(today, 14, 15), place="Åsens skola"
    )
