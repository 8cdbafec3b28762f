"""Rows of the access matrix for family coordination.

The Bergs' engagement rests on the family's consent naming the team's agency (care), social
services and the school: staff who know Elin there see the household's records (Kim, Mona,
Rita as the unit's manager, Tor after breaking the glass, Sam); BUP, which the consent does not
name, does not. Only the coordinator keeps a contact current. A referral is seen by the team and
the referrer (Rita). The network map is open to all who may see Elin; a network meeting that
social services called, to Sam and, under the family's consent, to the school.
"""

from lots.families import services
from lots.families.models import Frequency, Member, ReferralSource
from lots.organisations.models import Agency, Unit
from lots.organisations.roles import Role
from lots.organisations.tests.factories import AgencyFactory, MembershipFactory, UnitFactory, UserFactory
from lots.people.tests.factories import ChildFactory, HouseholdFactory, RelationshipFactory
from tests.access_matrix.rows import EVERYONE, KNOW_ELIN, Row, elin

HOUSEHOLD = frozenset({"kim", "mona", "rita", "tor!", "sam"})

MATRIX = {
    "families:team": Row(lambda w, f: [], EVERYONE),
    "families:referral_new": Row(elin, KNOW_ELIN, shows=lambda w: w.elin.full_name),
    "families:referral": Row(lambda w, f: [f["family"].referral_id], frozenset({"rita"})),
    "families:engagement": Row(lambda w, f: [f["family"].pk], HOUSEHOLD, shows=lambda w: "Familjen Berg"),
    "families:contact": Row(lambda w, f: [f["family_contact"].pk], frozenset()),
    "families:network": Row(elin, KNOW_ELIN, shows=lambda w: "Mormor Ingrid", sees=HOUSEHOLD),
    "families:meeting": Row(lambda w, f: [f["network_meeting"].pk], HOUSEHOLD),
    # The same records through the API (lots/api/views/families.py), to the same viewers.
    "api:family_referrals": Row(lambda w, f: [], EVERYONE),
    "api:family_engagement": Row(lambda w, f: [f["family"].pk], HOUSEHOLD, shows=lambda w: "Familjen Berg"),
    "api:family_engagement_contacts": Row(lambda w, f: [f["family"].pk], HOUSEHOLD, shows=lambda w: "Utredning"),
    "api:family_engagement_ratings": Row(lambda w, f: [f["family"].pk], HOUSEHOLD),
    "api:child_network": Row(elin, KNOW_ELIN, shows=lambda w: "Mormor Ingrid", sees=HOUSEHOLD),
    "api:network_meeting": Row(lambda w, f: [f["network_meeting"].pk], HOUSEHOLD, shows=lambda w: "Gun Berg"),
    "api:network_meeting_carry_over": Row(lambda w, f: [f["network_meeting"].pk], HOUSEHOLD),
}


#: The family's own request (the public page and its receipt) shows nothing of anyone back.
WITHOUT_PERSON_DATA = {"families_public:self_referral", "families_public:receipt"}


def fixtures(world) -> dict:
    care = AgencyFactory(principal=world.school.principal, name="Omsorg", kind=Agency.Kind.CARE)
    unit = UnitFactory(agency=care, name="Familjelotsarna", kind=Unit.Kind.FAMILY_COORDINATION)
    fia = UserFactory(first_name="Fia", last_name="Lotsson", username="fia")
    MembershipFactory(user=fia, unit=unit, role=Role.FAMILY_COORDINATOR)
    lo = ChildFactory(first_name="Lo", last_name="Berg", age=9)
    for guardian in (world.gun, world.gert):
        RelationshipFactory(child=lo, person=guardian)
    household = HouseholdFactory(name="Familjen Berg")
    household.children.add(world.elin, lo)
    household.adults.add(world.gun, world.gert)
    referral = services.refer_family(
        actor=world.actor(world.rita),
        team=unit,
        child=world.elin,
        household=household,
        source=ReferralSource.AGENCY,
        needs="Många kontakter.",
        members_with_needs=3,
        agencies_involved=6,
    )
    fia_actor = world.actor(fia)
    services.decide_referral(actor=fia_actor, referral=referral, decision="accept", reason="Passar.")
    family = services.start_engagement(
        actor=fia_actor,
        referral=referral,
        coordinator=fia,
        members=[services.MemberInput(world.elin, has_needs=True), services.MemberInput(lo)],
        agencies=[world.social, world.school],
        form="in_meeting",
        guardians=[world.gun, world.gert],
        adults_agree=True,
    )
    contact = services.add_contact(
        actor=fia_actor,
        engagement=family,
        data=services.ContactInput(
            member=Member.objects.get(engagement=family, child=world.elin),
            agency=world.bup,
            unit=None,
            person_name="",
            purpose="Utredning",
            frequency=Frequency.MONTHLY,
            next_appointment=None,
        ),
    )
    sam = world.actor(world.sam)
    services.add_network_person(
        actor=sam,
        child=world.elin,
        sphere="private",
        relation="relative",
        name="Mormor Ingrid",
        closeness=3,
        importance=3,
    )
    from django.utils import timezone

    meeting = services.plan_network_meeting(
        actor=sam,
        child=world.elin,
        starts_at=timezone.now(),
        invitees=[services.InviteeInput(sphere="private", name="Gun Berg")],
    )
    return {"family": family, "family_contact": contact, "network_meeting": meeting}
