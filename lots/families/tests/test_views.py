"""The pages: the team, a referral and its decision, the engagement with the contact map, a
contact, the network map and a network meeting; forbidden and missing look the same."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from lots.core.testing import main_of, queries_of
from lots.families import services
from lots.families.models import Contact, Engagement, Frequency, Member, NetworkMeeting, NetworkPerson, ReferralStatus
from lots.families.tests.conftest import refer
from lots.organisations.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def _contacts(world, team, family, n):
    members = list(Member.objects.filter(engagement=family))
    agencies = [(world.bup, world.bup_unit), (world.social, world.social_unit), (world.school, world.school_unit)]
    for i in range(n):
        agency, unit = agencies[i % 3]
        services.add_contact(
            actor=world.actor(team.fia),
            engagement=family,
            data=services.ContactInput(
                member=members[i % len(members)],
                agency=agency,
                unit=unit,
                person_name="",
                purpose=f"Kontakt {i}",
                frequency=Frequency.MONTHLY,
                next_appointment=None,
            ),
        )


def test_the_engagement_page_draws_the_contact_map_and_its_table(world, team, family, signed_in):
    _contacts(world, team, family, 13)
    page = main_of(signed_in(team.fia).get(reverse("families:engagement", args=[family.pk])))
    assert "<svg" in page and 'role="img"' in page
    assert page.count("Kontakt ") >= 13
    assert "Familjen Berg" in page
    assert "13 kontakter" in page or "13 contacts" in page


def test_the_engagement_page_costs_the_same_queries_for_many_contacts(world, team, family, signed_in):
    client = signed_in(team.fia)
    url = reverse("families:engagement", args=[family.pk])
    _contacts(world, team, family, 2)
    client.get(url)
    few = queries_of(lambda: client.get(url))
    _contacts(world, team, family, 30)
    many = queries_of(lambda: client.get(url))
    assert len(many) == len(few) <= 30


def test_forbidden_and_missing_are_one_404(world, team, family, signed_in):
    assert signed_in(team.filip).get(reverse("families:engagement", args=[family.pk])).status_code == 404
    assert signed_in(team.fia).get(reverse("families:engagement", args=[family.pk + 99])).status_code == 404
    assert signed_in(world.tor).get(reverse("families:network", args=[world.elin.pk])).status_code == 404


def test_a_contact_added_through_the_page(world, team, family, signed_in):
    member = Member.objects.get(engagement=family, child=team.lo)
    response = signed_in(team.fia).post(
        reverse("families:engagement", args=[family.pk]),
        {
            "action": "contact",
            "contact-member": member.pk,
            "contact-agency": world.bup.pk,
            "contact-unit": "",
            "contact-person_name": "",
            "contact-purpose": "Habiliteringens samtal",
            "contact-frequency": "monthly",
            "contact-next_appointment": "",
        },
    )
    assert response.status_code == 302
    assert Contact.objects.get().purpose == "Habiliteringens samtal"


def test_bad_input_shows_a_swedish_message_and_changes_nothing(world, team, family, signed_in):
    response = signed_in(team.fia).post(
        reverse("families:engagement", args=[family.pk]),
        {"action": "priorities", "priorities-first": "", "priorities-second": ""},
    )
    assert response.status_code == 400
    assert "Fältet måste fyllas i." in response.content.decode()
    assert not family.priorities.exists()


def test_the_rektor_refers_from_the_childs_page_and_the_team_decides(world, team, signed_in):
    rita = signed_in(world.rita)
    child_page = main_of(rita.get(reverse("people:child", args=[world.elin.pk])))
    assert reverse("families:referral_new", args=[world.elin.pk]) in child_page
    response = rita.post(
        reverse("families:referral_new", args=[world.elin.pk]),
        {
            "team": team.unit.pk,
            "household": team.household.pk,
            "representative": team.filip.pk,
            "needs": "Många kontakter.",
            "members_with_needs": 3,
            "agencies_involved": 6,
        },
    )
    assert response.status_code == 302
    referral = team.unit.family_referrals.get()
    filip = signed_in(team.filip)
    page = main_of(filip.get(reverse("families:referral", args=[referral.pk])))
    assert "Elin" in page
    response = filip.post(
        reverse("families:referral", args=[referral.pk]),
        {"action": "decide", "decision": "accept", "reason": "Passar teamets kriterier.", "version": referral.version},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED


def test_the_team_starts_the_coordination_from_the_referral(world, team, signed_in):
    referral = refer(world, team)
    services.decide_referral(actor=world.actor(team.filip), referral=referral, decision="accept", reason="Passar.")
    response = signed_in(team.filip).post(
        reverse("families:referral", args=[referral.pk]),
        {
            "action": "start",
            "start-coordinator": team.fia.pk,
            "start-members": [f"c{world.elin.pk}", f"c{team.lo.pk}", f"a{world.gun.pk}"],
            "start-with_needs": [f"c{world.elin.pk}"],
            "start-agencies": [world.social.pk],
            "start-guardians": [world.gun.pk, world.gert.pk],
            "start-form": "in_meeting",
            "start-adults_agree": "on",
        },
    )
    engagement = Engagement.objects.get()
    assert response.status_code == 302 and response.url == reverse("families:engagement", args=[engagement.pk])
    assert engagement.coordinator_id == team.fia.pk
    assert engagement.members.count() == 3


def test_the_team_page_shows_the_queue_waiting_list_and_workload(world, team, family, signed_in):
    refer(world, team, household=_other_household(world))
    response = signed_in(team.maj).get(reverse("families:team"))
    page = main_of(response)
    assert "Fia Lotsson" in page
    assert response.context["page"].workload[0].families + response.context["page"].workload[1].families == 1
    assert len(response.context["page"].referrals) == 1


def _other_household(world):
    from lots.people.tests.factories import HouseholdFactory

    household = HouseholdFactory()
    household.children.add(world.elin)
    return household


def test_the_network_map_is_drawn_with_its_table(world, team, family, signed_in):
    client = signed_in(world.sam)
    url = reverse("families:network", args=[world.elin.pk])
    response = client.post(
        url,
        {
            "action": "person",
            "p-sphere": "private",
            "p-relation": "relative",
            "p-name": "Mormor <Ingrid>",
            "p-agency": "",
            "p-closeness": 3,
            "p-importance": 3,
        },
    )
    assert response.status_code == 302
    page = main_of(client.get(url))
    assert "Mormor &lt;Ingrid&gt;" in page and "<Ingrid>" not in page
    assert page.count("<svg") == 1
    # The coordinator sees the map drawn by social services under the family's consent, and adds to it.
    fia_page = main_of(signed_in(team.fia).get(url))
    assert "Mormor &lt;Ingrid&gt;" in fia_page
    assert NetworkPerson.objects.get().owner_agency_id == world.social.pk


def test_a_network_meeting_is_planned_recorded_and_becomes_a_sip(world, team, signed_in):
    from lots.plans.models import Sip, SipParticipant

    client = signed_in(world.sam)
    response = client.post(
        reverse("families:network", args=[world.elin.pk]),
        {
            "action": "meeting",
            "m-starts_at": (timezone.localtime() + dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
            "m-private": "Gun Berg\nMormor Ingrid",
            "m-professional": "Sam Socialsson\nBo Bupsson",
        },
    )
    meeting = NetworkMeeting.objects.get()
    assert response.status_code == 302
    came = [a.pk for a in meeting.attendees.all() if a.name != "Bo Bupsson"]
    response = client.post(
        reverse("families:meeting", args=[meeting.pk]),
        {
            "action": "record",
            "r-came": came,
            "r-agreed_plan": "Elin går till skolan tre dagar i veckan.",
            "r-network_actions": "Mormor Ingrid: hämtar på fredagar",
            "r-professional_who": "Sam",
            "r-professional_agency": world.social.pk,
            "r-professional_what": "Familjebehandling",
            "r-second_who": "Bo",
            "r-second_agency": world.bup.pk,
            "r-second_what": "Utredning",
        },
    )
    assert response.status_code == 302
    page = main_of(client.get(reverse("families:meeting", args=[meeting.pk])))
    assert "hämtar på fredagar" in page
    response = client.post(reverse("families:meeting", args=[meeting.pk]), {"action": "sip"})
    assert response.status_code == 302
    sip = Sip.objects.get()
    assert "tre dagar i veckan" in sip.reason
    names = set(SipParticipant.objects.filter(sip=sip).values_list("name", flat=True))
    assert {"Gun Berg", "Mormor Ingrid", "Sam Socialsson"} <= names and "Bo Bupsson" not in names


def test_the_child_page_shows_the_coordination_to_the_coordinator(world, team, family, signed_in):
    page = main_of(signed_in(team.fia).get(reverse("people:child", args=[world.elin.pk])))
    assert reverse("families:engagement", args=[family.pk]) in page


def test_a_team_unit_elsewhere_sees_nothing(world, team, family, signed_in):
    other = UnitFactory(kind="family_coordination")
    from lots.organisations.tests.factories import MembershipFactory, UserFactory

    user = UserFactory()
    MembershipFactory(user=user, unit=other, role="family_coordinator")
    response = signed_in(user).get(reverse("families:team"))
    assert response.context["page"].referrals == []
