"""Family coordination in Åskär (scenario 3): the Hassans — Sara (14) and Yusuf (11) with
neuropsychiatric diagnoses, Ali (7), Amina with care needs of her own, and Omar — referred by
the rektor of Åsens skola to the family coordination team, accepted, and coordinated by Linda
Hägg (familjelots) on the family's consent: thirteen contacts in six agencies, the family's
priorities, the first rating, and Sara's network map. One family waits for a place."""

from __future__ import annotations

import datetime as dt

from lots.families import services
from lots.families.models import Frequency, Member, ReferralSource
from lots.organisations.actor import Actor
from lots.organisations.models import Membership, Unit, User
from lots.people.models import Child

TEAM = "Familjelotsteamet"
#: (member's first name, unit, what for, how often, days to the next appointment or None)
CONTACTS = [
    ("Sara", "Åsens skola", "Mentorssamtal och anpassningar", Frequency.WEEKLY, 3),
    ("Sara", "Åsens skola", "Samtal med kuratorn", Frequency.FORTNIGHTLY, 6),
    ("Sara", "BUP Åskär", "Behandling och medicinuppföljning", Frequency.MONTHLY, 12),
    ("Yusuf", "Centrumskolan", "Mentor och särskilt stöd", Frequency.WEEKLY, 2),
    ("Yusuf", "Barn- och ungdomshabiliteringen", "Arbetsterapeut och hjälpmedel", Frequency.MONTHLY, 20),
    ("Yusuf", "LSS-handläggning", "Ansökan om korttidsvistelse", Frequency.RARELY, None),
    ("Ali", "Centrumskolan", "Mentor i åk 1", Frequency.TERMLY, None),
    ("Ali", "Vårdcentralen Åskär", "Astmakontroller", Frequency.RARELY, 40),
    ("Amina", "Vårdcentralen Åskär", "Egen behandling", Frequency.MONTHLY, 9),
    ("Amina", "Råd och stöd", "Föräldrastöd", Frequency.FORTNIGHTLY, 5),
    ("Omar", "Familjebehandlingen", "Föräldrasamtal", Frequency.FORTNIGHTLY, 8),
    ("Omar", "Barn- och ungdomsutredning", "Uppföljning av insats", Frequency.TERMLY, None),
    ("Omar", "Barn- och ungdomspsykiatrin (BUP)", "Föräldrautbildning om adhd", Frequency.WEEKLY, 4),
]
NETWORK = [
    ("private", "relative", "Mormor Fatima", 3, 3),
    ("private", "friend", "Bästa vännen Lina", 3, 2),
    ("private", "association", "Tränaren i basket", 2, 3),
    ("private", "neighbour", "Grannen Berit", 1, 1),
    ("professional", "professional", "Mentorn Jonas", 2, 3),
    ("professional", "professional", "Kuratorn Sara", 2, 2),
    ("professional", "professional", "BUP-kontakten Leila", 1, 2),
]


def _actor(user: User) -> Actor:
    membership = Membership.objects.select_related("unit__agency__principal").filter(user=user).first()
    return Actor(user=user, membership=membership)


def build_families(units: dict[str, Unit], users: dict[str, User], children: dict[str, Child], *, today: dt.date):
    team = units[TEAM]
    rektor, lots = _actor(users["rektor.asen"]), _actor(users["familjelots"])
    sara = children["sara_hassan"]
    household = sara.households.get()
    referral = services.refer_family(
        actor=rektor,
        team=team,
        child=sara,
        household=household,
        source=ReferralSource.AGENCY,
        needs="Två barn med neuropsykiatriska diagnoser och en förälder med egna vårdbehov; "
        "familjen har tretton kontakter i sex verksamheter och orkar inte hålla ihop dem.",
        members_with_needs=3,
        agencies_involved=6,
        representative=users["familjelots"],
    )
    services.decide_referral(
        actor=lots, referral=referral, decision="accept", reason="Barn i skolåldern, tre med behov, sex verksamheter."
    )
    guardians = list(household.adults.all())
    people = {c.first_name: c for c in household.children.all()} | {a.first_name: a for a in guardians}
    engagement = services.start_engagement(
        actor=lots,
        referral=referral,
        coordinator=users["familjelots"],
        members=[
            services.MemberInput(person, has_needs=name in {"Sara", "Yusuf", "Amina"})
            for name, person in people.items()
        ],
        agencies=[
            u.agency for u in (units["Åsens skola"], units["BUP Åskär"], units["Barn- och ungdomshabiliteringen"])
        ]
        + [units["Vårdcentralen Åskär"].agency, units["LSS-handläggning"].agency],
        form="in_meeting",
        guardians=guardians,
        adults_agree=True,
    )
    members = {
        str(m.person.first_name): m
        for m in Member.objects.filter(engagement=engagement).select_related("child", "adult")
    }
    for name, unit_name, purpose, frequency, days in CONTACTS:
        unit = units.get(unit_name)
        agency = unit.agency if unit else units["BUP Åskär"].agency
        services.add_contact(
            actor=lots,
            engagement=engagement,
            data=services.ContactInput(
                member=members[name],
                agency=agency,
                unit=unit,
                person_name="",
                purpose=purpose,
                frequency=frequency,
                next_appointment=today + dt.timedelta(days=days) if days is not None else None,
            ),
        )
    services.set_priorities(
        actor=lots, engagement=engagement, texts=["Färre möten för Amina", "Saras skolgång", "Sömn och rutiner hemma"]
    )
    services.record_rating(
        actor=lots,
        engagement=engagement,
        occasion="start",
        rated_on=today,
        structure=2,
        control=1,
        children_eligible=0,
        adults_in_work_or_study=1,
        economy="strained",
    )
    for sphere, relation, name, closeness, importance in NETWORK:
        services.add_network_person(
            actor=lots,
            child=sara,
            sphere=sphere,
            relation=relation,
            name=name,
            closeness=closeness,
            importance=importance,
        )
    return engagement
