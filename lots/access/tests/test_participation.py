"""Need to know granted for taking part in a shared process ends with the process, and nothing else does."""

import pytest
from django.core.exceptions import ValidationError

from lots.access import selectors, services
from lots.access.models import Assignment
from lots.access.secrecy import InformationKind, Purpose
from lots.access.tests.factories import AssignmentFactory, ConsentFactory
from lots.organisations.selectors import casework_memberships

pytestmark = pytest.mark.django_db


def test_participation_is_granted_and_ended(world):
    actor = world.actor(world.kim)
    granted = services.assign_participant(
        actor=actor, user=world.berit, unit=world.bup_unit, child=world.elin, reason=Assignment.Reason.SIP_PARTICIPANT
    )
    assert Assignment.objects.active().filter(pk=granted.pk).exists()
    services.end_participation(actor=actor, assignment=granted)
    assert not Assignment.objects.active().filter(pk=granted.pk).exists()
    services.end_participation(actor=actor, assignment=granted)  # ending twice changes nothing


def test_a_treatment_assignment_does_not_end_with_a_process(world):
    treatment = AssignmentFactory(user=world.berit, unit=world.bup_unit, child=world.elin, reason="treatment")
    with pytest.raises(ValidationError):
        services.end_participation(actor=world.actor(world.kim), assignment=treatment)
    assert Assignment.objects.active().filter(pk=treatment.pk).exists()


def test_active_consent_scopes_name_the_agencies_and_skip_withdrawn_consents(world):
    consent = ConsentFactory(child=world.elin, reference_id=7, agencies=[world.school, world.bup])
    ConsentFactory(child=world.elin, reference_id=7, agencies=[world.school, world.social], withdrawn=True)
    ConsentFactory(child=world.elin, reference_id=8, agencies=[world.school, world.social])
    (scope,) = selectors.active_consent_scopes(child_id=world.elin.pk, purpose=Purpose.SIP, reference_id=7)
    assert scope.consent_id == consent.pk
    assert scope.sharing == scope.receiving == {world.school.pk, world.bup.pk}
    assert scope.lets(from_agency_id=world.bup.pk, to_agency_id=world.school.pk, kind=InformationKind.PLAN)
    assert not scope.lets(from_agency_id=world.social.pk, to_agency_id=world.school.pk, kind=InformationKind.PLAN)


def test_active_consent_scopes_read_each_consent_with_its_agencies_in_one_query(world):
    from lots.access.models import ConsentAgency
    from lots.core.testing import queries_of

    one_way = ConsentFactory(child=world.elin, reference_id=7, agencies=[world.school])
    ConsentAgency.objects.create(consent=one_way, agency=world.bup, shares=True, receives=False)
    naming_none = ConsentFactory(child=world.elin, reference_id=7)
    found = []
    queries = queries_of(
        lambda: found.extend(
            selectors.active_consent_scopes(child_id=world.elin.pk, purpose=Purpose.SIP, reference_id=7)
        )
    )
    assert len(queries) == 1
    scopes = {scope.consent_id: scope for scope in found}
    assert scopes[one_way.pk].sharing == {world.school.pk, world.bup.pk}
    assert scopes[one_way.pk].receiving == {world.school.pk}
    assert scopes[naming_none.pk].sharing == scopes[naming_none.pk].receiving == frozenset()


def test_casework_memberships_leave_out_auditors(world):
    users = {m.user for m in casework_memberships([world.bup.pk, world.school.pk])}
    assert {world.bo, world.berit, world.kim, world.rita} <= users
    assert world.ada not in users and world.sam not in users
