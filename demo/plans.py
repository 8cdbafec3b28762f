"""SIPs in the demo, following the scenarios with the named children, in several states.

- Elin Berg (scenario 1): requested by the rektor, consent from both guardians, social services and
  BUP invited, the meeting called for next week.
- Melvin Karlsson (scenario 4): established; placement in Resursskolan Kompassen with treatment,
  paid 60/40 by the school and social services; family treatment at home.
- Sara Hassan (scenario 3): brought by the family coordinator; followed up once, the next
  follow-up overdue (the lead, at BUP, is reminded).
- Yusuf Hassan (scenario 9): established, then paused when a guardian withdrew the consent.
- Noah Lindqvist: requested, waiting for the guardians' consent.
- Saga Nyström (scenario 10, protected identity): a video meeting called.
- Two other children: one plan closed with its goals met, one cancelled.

Rows are written directly, with dates in the past, so that waiting times and deadlines look real.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth.models import Permission

from demo.plan_builder import SipBuilder
from lots.access.models import Assignment
from lots.organisations.models import Principal, Unit, User
from lots.people.models import Child, Relationship
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
    SipActionReview,
    SipFollowUp,
    Status,
)


def build_plans(units: dict[str, Unit], users: dict[str, User], children: dict[str, Child], *, seed: int, today):
    rng = random.Random(seed + 4)
    region = Principal.objects.get(kind=Principal.Kind.REGION)
    users["admin"].user_permissions.add(
        *Permission.objects.filter(content_type__app_label="plans", content_type__model="regionalagreement")
    )
    RegionalAgreement.objects.create(
        region=region,
        name="Överenskommelse om samordnad individuell plan för barn och unga i Region Sjöland",
        schools_may_request=True,
        meeting_within_days=21,
        reminder_days_before_follow_up=7,
    )
    demo = SipBuilder(units, users, today)
    _elin(demo, children["elin"])
    _melvin(demo, children["melvin"])
    _sara(demo, children["sara_hassan"])
    _yusuf(demo, children["yusuf_hassan"])
    _noah(demo, children["noah"])
    _saga(demo, children["saga"])
    _others(demo, rng, set(c.pk for c in children.values()))


def _elin(demo: SipBuilder, elin: Child) -> None:
    sip = demo.request(
        elin,
        "rektor.asen",
        "Åsens skola",
        16,
        "Elins frånvaro har ökat under fyra veckor och passerat skolans andra gräns. Elevhälsan har startat "
        "rutinen för problematisk skolfrånvaro. Elin berättar om oro och sömnsvårigheter; familjen behöver stöd "
        "från både skolan, socialtjänsten och BUP samtidigt.",
    )
    demo.consent(sip, ["Barn- och ungdomsutredning", "BUP Åskär"], 12)
    kurator = demo.invite(sip, "kurator.asen", "Åsens skola", 12, mandate=False)
    utredare = demo.invite(sip, "utredare", "Barn- och ungdomsutredning", 11)
    bup = demo.invite(sip, "bup", "BUP Åskär", 11)
    sip.participants.filter(user=demo.users["rektor.asen"]).update(has_mandate=True)
    guardians = [r.person for r in Relationship.objects.filter(child=elin).select_related("person")]
    people = [demo.person(sip, ParticipantKind.GUARDIAN, g.full_name) for g in guardians]
    people.append(demo.person(sip, ParticipantKind.CHILD, elin.full_name, "Elin själv"))
    rektor = sip.participants.get(user=demo.users["rektor.asen"])
    demo.meeting(sip, 4, [rektor, kurator, utredare, bup, *people], place="Åsens skola, konferensrummet Eken")
    demo.goal(
        sip, kurator, Area.SCHOOL, GoalKind.CHILD_GOAL, "Jag vill orka gå till skolan och vara med mina kompisar."
    )
    demo.goal(sip, kurator, Area.SCHOOL, GoalKind.NEED, "Stöd att komma i väg på morgonen och en trygg start på dagen.")
    sip.save()


def _melvin(demo: SipBuilder, melvin: Child) -> None:
    sip = demo.request(
        melvin,
        "kurator.centrum",
        "Centrumskolan",
        70,
        "Melvins behov kan inte mötas i ordinarie undervisning trots särskilt stöd, och familjen behöver "
        "familjebehandling. Skolan och socialtjänsten behöver besluta tillsammans om placering och behandling.",
    )
    demo.consent(sip, ["Familjebehandlingen", "Resursskolan Kompassen"], 65)
    kurator = sip.participants.get()
    rektor = demo.invite(sip, "rektor.centrum", "Centrumskolan", 64)
    behandlare = demo.invite(sip, "familjebehandlare", "Familjebehandlingen", 64)
    kompassen = demo.invite(sip, "rektor.kompassen", "Resursskolan Kompassen", 64)
    guardian = Relationship.objects.filter(child=melvin).select_related("person").first().person
    mother = demo.person(sip, ParticipantKind.GUARDIAN, guardian.full_name)
    demo.meeting(
        sip,
        -50,
        [kurator, rektor, behandlare, kompassen, mother],
        place="Centrumskolan, rum 2",
        held_by=behandlare,
        came=(kurator, rektor, behandlare, kompassen, mother),
        minutes="Skolan och socialtjänsten beslutade tillsammans om placering i Resursskolan Kompassen med "
        "behandlingsinslag från terminsstart, med delad kostnad. Familjebehandling i hemmet två gånger i veckan.",
        views="Melvin var inte med. Kuratorn har pratat med honom: han vill gå i en mindre klass och slippa bråk.",
    )
    demo.goal(sip, kurator, Area.SCHOOL, GoalKind.CHILD_GOAL, "Jag vill gå i en klass där det är lugnt.")
    demo.goal(sip, behandlare, Area.FAMILY, GoalKind.SHARED_GOAL, "Färre konflikter hemma kring morgnar och läxor.")
    demo.action(
        sip,
        behandlare,
        "Placering i Resursskolan Kompassen med behandlingsinslag",
        agency="Resursskolan Kompassen",
        person="Patrik Sandström, rektor",
        days=(-40, 320),
        cost_amount=Decimal("52000"),
        cost_period=CostPeriod.MONTH,
        shares=[("Resursskolan Kompassen", 60), ("Familjebehandlingen", 40)],
        intervention="Resursskolan Kompassen med behandling",
    )
    demo.action(
        sip,
        behandlare,
        "Familjebehandling i hemmet två gånger i veckan",
        agency="Familjebehandlingen",
        person="Jenny Åberg",
        days=(-45, 135),
        intervention="Familjebehandling efter utredning",
    )
    demo.action(sip, behandlare, "Föräldrarna deltar i föräldraträffar", other="Vårdnadshavaren", days=(-30, 90))
    demo.establish(sip, behandlare, -50, 40)
    sip.save()


def _sara(demo: SipBuilder, sara: Child) -> None:
    sip = demo.request(
        sara,
        "familjelots",
        "Familjelotsteamet",
        160,
        "Familjen Hassan har tretton kontakter i sex verksamheter. Sara har en neuropsykiatrisk diagnos och behöver "
        "att skola, BUP och socialtjänst drar åt samma håll.",
    )
    demo.consent(sip, ["Åsens skola", "BUP Åskär"], 155)
    lots = sip.participants.get()
    kurator = demo.invite(sip, "kurator.asen", "Åsens skola", 154)
    bup = demo.invite(sip, "bup", "BUP Åskär", 154)
    demo.meeting(
        sip,
        -140,
        [lots, kurator, bup],
        place="Familjelotsteamet, Rådhusgatan 1",
        held_by=lots,
        came=(lots, kurator, bup),
        minutes="Familjen beskrev vad som är viktigast för dem: lugna morgnar och att Sara klarar skolan.",
    )
    demo.goal(sip, lots, Area.SCHOOL, GoalKind.SHARED_GOAL, "Sara blir behörig till ett nationellt gymnasieprogram.")
    demo.goal(sip, lots, Area.FAMILY, GoalKind.SHARED_GOAL, "Familjen känner att de har kontroll över vardagen.")
    action = demo.action(
        sip,
        bup,
        "Samtalsbehandling och läkemedelsuppföljning på BUP",
        agency="BUP Åskär",
        person="Leila Karimi",
        days=(-135, 60),
    )
    demo.action(sip, kurator, "Anpassad studiegång och studiero i mindre grupp", agency="Åsens skola", days=(-130, 100))
    demo.establish(sip, bup, -140, 0)
    follow_up = SipFollowUp.objects.create(
        sip=sip,
        owner_agency=lots.agency,
        written_by=lots.user,
        held_on=demo.today - dt.timedelta(days=50),
        summary="Sara är i skolan oftare; behandlingen fortsätter.",
        next_follow_up_on=demo.today - dt.timedelta(days=5),
    )
    SipActionReview.objects.create(follow_up=follow_up, action=action, done=Done.YES, effect=Effect.PARTLY)
    sip.status, sip.follow_up_on = Status.FOLLOWED_UP, demo.today - dt.timedelta(days=5)
    demo.event(sip, EventKind.FOLLOWED_UP, -50, "familjelots", None, before="established", after="followed_up")
    sip.save()


def _yusuf(demo: SipBuilder, yusuf: Child) -> None:
    sip = demo.request(
        yusuf,
        "familjelots",
        "Familjelotsteamet",
        120,
        "Yusuf har kontakt med habiliteringen och skolan; familjen vill att insatserna samordnas.",
    )
    demo.consent(sip, ["Centrumskolan", "Barn- och ungdomshabiliteringen"], 115, withdrawn_days=3)
    lots = sip.participants.get()
    hab = demo.invite(sip, "habilitering", "Barn- och ungdomshabiliteringen", 114)
    mentor = demo.invite(sip, "mentor.centrum", "Centrumskolan", 114, mandate=False)
    demo.meeting(
        sip,
        -100,
        [lots, hab, mentor],
        place="Habiliteringen, Lasarettsvägen 12",
        held_by=lots,
        came=(lots, hab, mentor),
        minutes="Planen togs fram tillsammans med familjen.",
    )
    demo.action(
        sip,
        hab,
        "Kommunikationsstöd med bildschema hemma och i skolan",
        agency="Barn- och ungdomshabiliteringen",
        days=(-95, 90),
    )
    demo.establish(sip, hab, -100, 20)
    sip.status, sip.paused_from = Status.PAUSED, Status.ESTABLISHED
    demo.event(
        sip,
        EventKind.PAUSED,
        -3,
        "familjelots",
        "Familjelotsteamet",
        before="established",
        after="paused",
        fields=["paused_from"],
    )
    sip.save()


def _noah(demo: SipBuilder, noah: Child) -> None:
    sip = demo.request(
        noah,
        "rektor.centrum",
        "Centrumskolan",
        3,
        "Noah har svårt i skolan och hemma; vårdnadshavarna har bett om hjälp från fler håll.",
    )
    sip.save()


def _saga(demo: SipBuilder, saga: Child) -> None:
    sip = demo.request(
        saga,
        "kurator.bergvik",
        "Bergviks skola",
        9,
        "Saga är ny i skolan och behöver stöd från skolan och socialtjänsten som hänger ihop.",
    )
    demo.consent(sip, ["Socialtjänsten Bergvik"], 7)
    kurator = sip.participants.get()
    social = demo.invite(sip, "mottagning.bergvik", "Socialtjänsten Bergvik", 7)
    demo.meeting(sip, 6, [kurator, social], place="Bergviks skola, rum 4", video="https://meet.sjoland.se/sip-bergvik")
    sip.save()


def _others(demo: SipBuilder, rng: random.Random, taken: set[int]) -> None:
    candidates = list(
        Child.objects.filter(assignments__user=demo.users["kurator.asen"], protected_identity=False)
        .exclude(pk__in=taken)
        .order_by("pk")
        .distinct()[:40]
    )
    closed_child, cancelled_child = rng.sample(candidates, 2)
    closed = demo.request(closed_child, "kurator.asen", "Åsens skola", 300, "Oro för skolsituationen och hemmet.")
    demo.consent(closed, ["Familjebehandlingen"], 295)
    kurator = closed.participants.get()
    behandlare = demo.invite(closed, "familjebehandlare", "Familjebehandlingen", 294)
    demo.meeting(
        closed,
        -280,
        [kurator, behandlare],
        place="Åsens skola",
        held_by=kurator,
        came=(kurator, behandlare),
        minutes="Plan upprättad.",
    )
    demo.action(closed, behandlare, "Föräldrastöd", agency="Familjebehandlingen", days=(-280, -100))
    demo.establish(closed, behandlare, -280, -100)
    closed.status, closed.ended_on, closed.closing_reason = (
        Status.CLOSED,
        demo.today - dt.timedelta(days=20),
        ClosingReason.GOALS_MET,
    )
    Assignment.objects.filter(pk=behandlare.assignment_id, reason=Assignment.Reason.SIP_PARTICIPANT).update(
        ends_at=demo.at(-20, 16)
    )
    demo.event(closed, EventKind.CLOSED, -20, "familjebehandlare", None, before="established", after="closed")
    closed.save()

    cancelled = demo.request(cancelled_child, "kurator.asen", "Åsens skola", 40, "Frånvaro och oro för måendet.")
    cancelled.status, cancelled.ended_on = Status.CANCELLED, demo.today - dt.timedelta(days=30)
    cancelled.ending_comment = "Vårdnadshavarna avböjde samtycke till SIP."
    demo.event(cancelled, EventKind.CANCELLED, -30, "kurator.asen", None, before="requested", after="cancelled")
    cancelled.save()
