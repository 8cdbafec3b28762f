import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from lots.access import policy, services
from lots.access.models import Assignment, Consent
from lots.access.secrecy import ALL_INFORMATION_KINDS, Purpose
from lots.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def record(world, **overrides):
    arguments = dict(
        actor=world.actor(world.kim),
        child=world.elin,
        purpose=Purpose.SIP,
        agencies=[
            services.AgencyScope(agency=world.school),
            services.AgencyScope(agency=world.bup),
        ],
        information_kinds=ALL_INFORMATION_KINDS,
        form=Consent.Form.SIGNED_PAPER,
    )
    arguments.update(overrides)
    return services.record_consent(**arguments)


def test_with_two_guardians_the_consent_waits_for_both(world):
    consent = record(world, parties=[services.PartyInput(guardian=world.gun, agrees=True)])
    assert not consent.is_active()
    services.add_consent_party(
        actor=world.actor(world.kim),
        consent=consent,
        party=services.PartyInput(guardian=world.gert, agrees=True),
    )
    consent.refresh_from_db()
    assert consent.is_active()


def test_one_guardian_suffices_with_a_recorded_ground(world):
    consent = record(
        world,
        parties=[services.PartyInput(guardian=world.gun, agrees=True)],
        single_guardian_ground="Den andra vårdnadshavaren har besöksförbud; beslut enligt 6 kap. 13 a § FB.",
    )
    assert consent.is_active()


def test_a_person_without_custody_cannot_consent(world):
    from lots.people.tests.factories import RelatedPersonFactory, RelationshipFactory

    aunt = RelatedPersonFactory()
    RelationshipFactory(child=world.elin, person=aunt, kind="other_relative")
    with pytest.raises(ValidationError, match="vårdnaden"):
        record(world, parties=[services.PartyInput(guardian=aunt, agrees=True)])
    assert not Consent.objects.exists()


def test_the_childs_view_is_recorded_with_the_childs_age(world):
    consent = record(world, parties=[services.PartyInput(guardian=None, agrees=True, view_in_words="Okej.")])
    party = consent.parties.get()
    assert party.child_age == 13
    assert party.view_in_words == "Okej."


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"agencies": []}, "agencies"),
        ({"information_kinds": 0}, "information_kinds"),
        ({"purpose": "nonsense"}, "purpose"),
        ({"purpose": Purpose.NAMED_EXCHANGE}, "purpose_text"),
        ({"valid_until": timezone.now() - dt.timedelta(days=1)}, "valid_until"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(world, overrides, field):
    with pytest.raises(ValidationError) as error:
        record(world, **overrides)
    assert field in error.value.error_dict
    assert not Consent.objects.exists()


def test_staff_without_a_ground_cannot_record_a_consent(world):
    with pytest.raises(policy.Denied):
        record(world, actor=world.actor(world.tor))


def test_withdrawal_is_recorded_logged_and_cannot_happen_twice(world):
    consent = record(
        world,
        single_guardian_ground="Ensam vårdnad i praktiken.",
        parties=[services.PartyInput(guardian=world.gun, agrees=True)],
    )
    services.withdraw_consent(actor=world.actor(world.kim), consent=consent, withdrawn_by_name="Gun Berg")
    consent.refresh_from_db()
    assert not consent.is_active()
    assert AuditEntry.objects.filter(record_type="access.consent", detail="withdrawn").count() == 1
    with pytest.raises(ValidationError):
        services.withdraw_consent(actor=world.actor(world.kim), consent=consent, withdrawn_by_name="Gun Berg")


def test_a_registered_consequence_runs_in_the_withdrawal(world, monkeypatch):
    seen = []
    monkeypatch.setitem(
        services.WITHDRAWAL_CONSEQUENCES,
        Purpose.SIP,
        lambda actor, consent: seen.append(consent.pk),
    )
    consent = record(world)
    services.withdraw_consent(actor=world.actor(world.kim), consent=consent, withdrawn_by_name="Gert Berg")
    assert seen == [consent.pk]


def test_only_the_units_manager_assigns_and_the_assignment_is_logged(world):
    with pytest.raises(PermissionDenied):
        services.assign(
            actor=world.actor(world.kim),
            user=world.tor,
            unit=world.school_unit,
            child=world.elin,
            reason=Assignment.Reason.MENTOR,
        )
    assignment = services.assign(
        actor=world.actor(world.rita),
        user=world.tor,
        unit=world.school_unit,
        child=world.elin,
        reason=Assignment.Reason.MENTOR,
    )
    assert policy.can(world.actor(world.tor), "view", world.elin) == policy.Ground.ASSIGNMENT
    assert AuditEntry.objects.filter(record_type="access.assignment", record_id=str(assignment.pk)).exists()
    services.end_assignment(actor=world.actor(world.rita), assignment=assignment)
    assert policy.can(world.actor(world.tor), "view", world.elin) is None


def test_staff_from_another_unit_cannot_be_assigned(world):
    with pytest.raises(ValidationError):
        services.assign(
            actor=world.actor(world.rita),
            user=world.bo,
            unit=world.school_unit,
            child=world.elin,
            reason=Assignment.Reason.MENTOR,
        )


def test_a_manager_who_knows_the_protected_child_clears_a_colleague(world):
    from lots.access.presentation import present_children
    from lots.people.models import Child

    services.grant_clearance(actor=world.actor(world.rita), user=world.kim, child=world.saga, reason="Skolskjuts")
    kim = world.actor(world.kim)
    (saga,) = present_children(kim, [policy.with_grounds(kim, Child.objects.filter(pk=world.saga.pk)).get()])
    assert saga.street_address == world.saga.street_address
    with pytest.raises(PermissionDenied):
        services.grant_clearance(actor=world.actor(world.kim), user=world.mona, child=world.saga, reason="x")


class TestConsentPages:
    def test_recording_a_consent_through_the_form(self, world, signed_in):
        client = signed_in(world.kim)
        form = client.get(reverse("access:consent_new", args=[world.elin.pk]))
        assert form.status_code == 200
        response = client.post(
            reverse("access:consent_new", args=[world.elin.pk]),
            {
                "purpose": Purpose.SIP,
                "agencies": [world.school.pk, world.bup.pk],
                "information_kinds": [1, 2],
                "form": Consent.Form.IN_MEETING,
                "guardians": [world.gun.pk, world.gert.pk],
                "child_view": "Jag vill att BUP och skolan pratar.",
            },
        )
        consent = Consent.objects.get()
        assert response.status_code == 302 and response["Location"] == reverse("access:consent", args=[consent.pk])
        assert consent.is_active()
        assert consent.parties.count() == 3

    def test_a_form_with_errors_says_so_in_swedish_and_saves_nothing(self, world, signed_in):
        response = signed_in(world.kim).post(
            reverse("access:consent_new", args=[world.elin.pk]),
            {
                "purpose": Purpose.SIP,
                "agencies": [world.school.pk],
                "information_kinds": [1],
                "form": "digital",
            },
        )
        assert response.status_code == 400
        assert "minst två verksamheter" in response.content.decode()
        assert not Consent.objects.exists()

    def test_withdrawing_through_the_page(self, world, signed_in):
        consent = record(world)
        client = signed_in(world.kim)
        response = client.post(
            reverse("access:consent", args=[consent.pk]),
            {"withdraw": "1", "withdrawn_by_name": "Gun Berg"},
        )
        assert response.status_code == 302
        consent.refresh_from_db()
        assert consent.withdrawn_at is not None

    def test_free_text_is_escaped(self, world, signed_in):
        consent = record(world, purpose=Purpose.NAMED_EXCHANGE, purpose_text="<script>alert(1)</script>")
        body = signed_in(world.kim).get(reverse("access:consent", args=[consent.pk])).content.decode()
        assert "<script>alert(1)</script>" not in body
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
