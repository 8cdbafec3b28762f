"""Break the glass: who may, for which child, on which ground (issue 19, finding 1).

Ada the auditor may not break the glass at all. Kari, a kurator of another municipality (Annanby),
may break it for Elin (a child of Testby) only on a documented ground across principals. Berit at
the region's BUP may for Elin without one: a region's children are those of its municipalities.
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lots.access import selectors as access_selectors
from lots.access import services
from lots.access.models import BreakGlass
from lots.access.secrecy import CrossPrincipalGround
from lots.access.tests.factories import AssignmentFactory
from lots.audit.models import Action, AuditEntry
from lots.organisations.models import Agency
from lots.organisations.roles import BREAK_GLASS_ROLES, Role
from lots.organisations.tests.factories import (
    AgencyFactory,
    MembershipFactory,
    PrincipalFactory,
    UnitFactory,
    UserFactory,
)
from lots.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db

REASON = "Elin är akut orolig och vill prata nu."


@pytest.fixture
def kari(world):
    """A kurator of another municipality, in another region."""
    elsewhere = PrincipalFactory(name="Annanby kommun")
    school = AgencyFactory(principal=elsewhere, name="Utbildning", kind=Agency.Kind.SCHOOL)
    user = UserFactory(first_name="Kari", last_name="Annansson", username="kari")
    MembershipFactory(user=user, unit=UnitFactory(agency=school, name="Annanskolan"), role=Role.KURATOR)
    return user


def _break(client, child, **extra):
    return client.post(
        reverse("access:break_glass"), {"identity_number": child.display_number, "reason": REASON, **extra}
    )


def test_the_roles_that_break_the_glass_are_those_that_work_with_children():
    assert Role.KURATOR in BREAK_GLASS_ROLES and Role.BUP_CLINICIAN in BREAK_GLASS_ROLES
    assert not {Role.AUDITOR, Role.ADMINISTRATOR, Role.STEERING_GROUP_MEMBER} & BREAK_GLASS_ROLES


def test_the_auditor_is_neither_offered_nor_let_break_the_glass(world, signed_in):
    client = signed_in(world.ada)
    search = client.post(reverse("people:search"), {"q": world.elin.display_number})
    assert search.context["results"] == [] and search.context["break_glass_form"] is None
    assert reverse("access:break_glass") not in search.content.decode()
    response = _break(client, world.elin)
    assert response.status_code == 403
    assert "Bara personal som arbetar med barn bryter glaset." in response.content.decode()
    assert not BreakGlass.objects.exists()
    assert not AuditEntry.objects.filter(action=Action.BREAK_GLASS).exists()


def test_a_child_of_another_principal_is_refused_without_a_ground_and_the_attempt_is_logged(world, signed_in, kari):
    client = signed_in(kari)
    assert client.post(reverse("people:search"), {"q": world.elin.display_number}).context["break_glass_form"]
    response = _break(client, world.elin)
    assert response.status_code == 400
    assert "Barnet hör inte till din huvudman." in response.content.decode()
    assert not BreakGlass.objects.exists()
    assert AuditEntry.objects.filter(user_id=kari.pk, action=Action.DENIED, record_id=str(world.elin.pk)).exists()
    assert client.get(reverse("people:child", args=[world.elin.pk])).status_code == 404


def test_a_child_of_another_principal_on_a_documented_ground(world, signed_in, kari):
    client = signed_in(kari)
    response = _break(client, world.elin, cross_principal_ground=CrossPrincipalGround.NECESSARY_DISCLOSURE)
    assert response.status_code == 302
    glass = BreakGlass.objects.get()
    assert glass.cross_principal_ground == "osl_10_2" and glass.reason == REASON
    row = AuditEntry.objects.get(action=Action.BREAK_GLASS, ground_id=glass.pk)
    assert row.detail == "across principals: osl_10_2"
    assert client.get(reverse("people:child", args=[world.elin.pk])).status_code == 200


def test_a_ground_not_in_the_list_is_refused(world, kari):
    with pytest.raises(ValidationError) as refused:
        services.break_glass(actor=world.actor(kari), child=world.elin, reason=REASON, cross_principal_ground="x")
    assert "cross_principal_ground" in refused.value.message_dict
    assert not BreakGlass.objects.exists()


def test_the_regions_staff_break_the_glass_for_a_child_of_its_municipalities(world, signed_in):
    assert _break(signed_in(world.berit), world.elin).status_code == 302
    assert BreakGlass.objects.get().cross_principal_ground == ""


def test_a_child_belongs_to_the_principal_of_its_school_or_of_staff_assigned_to_it(world, kari):
    town = world.school.principal_id
    elsewhere = world.membership(kari).unit.agency.principal_id
    assert access_selectors.belongs_to_principal(world.elin, town)
    assert access_selectors.belongs_to_principal(world.elin, world.bup.principal_id)  # the region
    assert not access_selectors.belongs_to_principal(world.elin, elsewhere)
    unknown = ChildFactory(school_unit=None)
    assert not access_selectors.belongs_to_principal(unknown, town)
    assert not access_selectors.belongs_to_principal(unknown, world.bup.principal_id)
    AssignmentFactory(user=world.sam, unit=world.social_unit, child=unknown, ended=True)
    assert access_selectors.belongs_to_principal(unknown, town), "known there before"
    assert access_selectors.belongs_to_principal(unknown, world.bup.principal_id)
