"""Family coordination through the API: the coordinator reads and keeps the family's contact map
and outcome ratings on the family's consent, which ends the access at once when withdrawn; a
network and its meetings for those who may see the child; a meeting carried over into a SIP once
per Idempotency-Key."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from lots.core.testing import queries_of
from lots.families import services
from lots.families.models import Contact, Member

pytestmark = pytest.mark.django_db


def _auth(bearer, user):
    return {"HTTP_AUTHORIZATION": bearer(user)["HTTP_AUTHORIZATION"], "HTTP_ACCEPT_LANGUAGE": "sv"}


def _contact(world, family, member, purpose):
    return services.add_contact(
        actor=world.actor(family.coordinator),
        engagement=family,
        data=services.ContactInput(member, world.bup, None, "", purpose, "monthly", None),
    )


def test_the_coordinator_reads_and_keeps_the_contact_map(world, team, family, client, bearer):
    auth = _auth(bearer, team.fia)
    elin = Member.objects.get(engagement=family, child=world.elin)
    made = client.post(
        reverse("api:family_engagement_contacts", args=[family.pk]),
        {"member": elin.pk, "agency": world.social.pk, "purpose": "Familjebehandling", "frequency": "weekly"},
        content_type="application/json",
        **auth,
    )
    assert made.status_code == 201, made.content
    assert Contact.objects.get().purpose == "Familjebehandling"
    one = client.get(reverse("api:family_engagement", args=[family.pk]), **auth).json()
    assert one["household"] == "Familjen Berg" and one["child"]["name"] == world.elin.full_name
    (row,) = [m for m in one["members"] if m["id"] == elin.pk]
    assert row["is_child"] and [c["agency"] for c in row["contacts"]] == [world.social.name]
    listed = client.get(reverse("api:family_engagement_contacts", args=[family.pk]), **auth).json()
    assert [c["purpose"] for c in listed] == ["Familjebehandling"]


def test_a_contact_with_bad_input_is_refused_in_swedish_and_nothing_is_saved(world, team, family, client, bearer):
    response = client.post(
        reverse("api:family_engagement_contacts", args=[family.pk]),
        {"member": 0, "agency": world.social.pk, "purpose": "Stöd", "frequency": "weekly"},
        content_type="application/json",
        **_auth(bearer, team.fia),
    )
    assert response.status_code == 400
    assert {"field": "member", "message": "Välj en familjemedlem."} in response.json()["errors"]
    assert not Contact.objects.exists()


def test_the_outcome_ratings_are_recorded_and_read(world, team, family, client, bearer):
    auth = _auth(bearer, team.fia)
    url = reverse("api:family_engagement_ratings", args=[family.pk])
    body = {"occasion": "start", "rated_on": timezone.localdate().isoformat(), "structure": 2, "control": 6}
    refused = client.post(url, {**body, "economy": "strained"}, content_type="application/json", **auth)
    assert refused.status_code == 400 and [e["field"] for e in refused.json()["errors"]] == ["control"]
    made = client.post(url, {**body, "control": 1, "economy": "strained"}, content_type="application/json", **auth)
    assert made.status_code == 201, made.content
    assert [r["control"] for r in client.get(url, **auth).json()] == [1]


def test_the_engagement_reads_in_as_many_queries_for_more_contacts(world, team, family, client, bearer):
    auth = _auth(bearer, team.fia)
    url = reverse("api:family_engagement", args=[family.pk])
    elin = Member.objects.get(engagement=family, child=world.elin)
    _contact(world, family, elin, "Utredning")
    client.get(url, **auth)  # the token's first use and the rate limit's first count are written once
    few = len(queries_of(lambda: client.get(url, **auth)))
    for n in range(5):
        _contact(world, family, elin, f"Samtal {n}")
    assert len(queries_of(lambda: client.get(url, **auth))) == few


def test_withdrawal_ends_the_coordinators_access_at_once(world, team, family, client, bearer):
    auth = _auth(bearer, team.fia)
    url = reverse("api:family_engagement", args=[family.pk])
    assert client.get(url, **auth).status_code == 200
    services.withdraw_family_consent(actor=world.actor(team.fia), engagement=family, withdrawn_by_name="Gun")
    assert client.get(url, **auth).status_code == 404
    assert client.get(reverse("api:family_engagement_contacts", args=[family.pk]), **auth).status_code == 404


def test_the_team_reads_its_referrals_and_others_see_none(world, team, family, client, bearer):
    referral = services.refer_family(
        actor=world.actor(world.rita), team=team.unit, child=world.elin, household=team.household,
        source="agency", needs="Många kontakter.", members_with_needs=2, agencies_involved=3,
    )  # fmt: skip
    listed = client.get(reverse("api:family_referrals"), **_auth(bearer, team.fia)).json()
    assert [r["id"] for r in listed] == [referral.pk]
    assert client.get(reverse("api:family_referrals"), **_auth(bearer, world.bo)).json() == []


def test_a_network_meeting_is_carried_over_into_a_sip_once(world, client, bearer):
    from lots.plans.models import Sip

    sam = world.actor(world.sam)
    services.add_network_person(
        actor=sam, child=world.elin, sphere="private", relation="relative", name="Mormor Ingrid",
        closeness=3, importance=3,
    )  # fmt: skip
    meeting = services.plan_network_meeting(
        actor=sam,
        child=world.elin,
        starts_at=timezone.now() - dt.timedelta(hours=1),
        invitees=[services.InviteeInput(sphere="private", name="Mormor Ingrid")],
    )
    services.record_network_meeting(
        actor=sam, meeting=meeting, came=[a.pk for a in meeting.attendees.all()], notes="",
        agreed_plan="Skolan tre dagar i veckan.", follow_up_on=None,
        actions=[
            services.AgreedInput(sphere="professional", who="Sam", what="Familjebehandling", agency=world.social),
            services.AgreedInput(sphere="professional", who="Bo", what="Utredning", agency=world.bup),
        ],
    )  # fmt: skip
    auth = _auth(bearer, world.sam)
    network = client.get(reverse("api:child_network", args=[world.elin.pk]), **auth).json()
    assert [p["name"] for p in network["people"]] == ["Mormor Ingrid"] and network["meetings"][0]["id"] == meeting.pk
    url = reverse("api:network_meeting_carry_over", args=[meeting.pk])
    assert client.get(url, **auth).json() == {"needs_sip": True, "carried_over_at": None, "plan": None}
    key = {"HTTP_IDEMPOTENCY_KEY": "network-meeting-1-carry"}
    first = client.post(url, **auth, **key)
    again = client.post(url, **auth, **key)
    assert first.status_code == again.status_code == 201
    sip = Sip.objects.get()
    assert first.json()["plan"] == reverse("plans:detail", args=[sip.pk])
    detail = client.get(reverse("api:network_meeting", args=[meeting.pk]), **auth).json()
    assert detail["carry_over"]["needs_sip"] is False and detail["attendees"][0]["attended"] is True
    assert client.get(url, **_auth(bearer, world.bo)).status_code == 404


def test_the_referral_list_does_not_read_the_familys_own_requests(world, team, client, bearer):
    from lots.audit.models import AuditEntry
    from lots.families.services import self_referrals

    self_referrals.refer_own_family(
        team_id=team.unit.pk, name="Amina Hassan", phone="070-1234567", email="", needs="Hjälp.",
        members_with_needs=3, agencies_involved=6,
    )  # fmt: skip
    assert client.get(reverse("api:family_referrals"), **_auth(bearer, team.fia)).status_code == 200
    assert not AuditEntry.objects.filter(record_type="families.selfreferral", action="list").exists()
