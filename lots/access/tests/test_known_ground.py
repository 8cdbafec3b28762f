"""A page that has read the child takes the actor's own ground for the child as read then
(`policy.one_page`), instead of asking it again in every row of its later reads about the child.
Those reads must see the same rows on the same grounds, with the same granting ids, as reads
that ask it again: for every ground, every actor and every model the policy knows."""

import contextlib

import pytest
from django.utils import timezone

from lots.access import policy
from lots.access.models import BreakGlass
from lots.access.tests.factories import BreakGlassFactory, ConsentFactory
from lots.intake.tests.factories import ConcernReportFactory
from lots.people.models import Child
from lots.plans.tests.factories import SipFactory

pytestmark = pytest.mark.django_db


def _seen(actor, model, child_id: int) -> list[tuple]:
    rows = policy.with_grounds(actor, model._default_manager.all(), child_id=child_id)
    return sorted(rows.values_list("pk", "_ground", "_ground_id"))


def _read_within_a_page(actor, model, child_id: int) -> tuple[tuple | None, list[tuple]]:
    with policy.one_page(actor):
        with contextlib.suppress(policy.Denied):
            policy.get_visible(actor, Child.objects.all(), pk=child_id)
        return policy._known_ground(actor, child_id), _seen(actor, model, child_id)


@pytest.fixture
def scene(world):
    """Elin's records from three agencies, a consent letting the school and BUP share about her
    plans, and two broken glasses: Tor's (school, no assignment) and Berit's (BUP, emergency)."""
    for agency in (world.school, world.social, world.bup):
        SipFactory(child=world.elin, requesting_agency=agency)
    ConsentFactory(child=world.elin, recorded_in=world.school, agencies=[world.school, world.bup])
    ConcernReportFactory(child=world.elin, receiving_agency=world.social, receiving_unit=world.reception_unit)
    for user, agency in ((world.tor, world.school), (world.berit, world.bup)):
        BreakGlassFactory(user=user, child=world.elin, membership=world.membership(user), agency=agency)
    return world


@pytest.mark.parametrize("name", ["kim", "mona", "tor", "rita", "sam", "bo", "berit", "rut", "ada"])
def test_every_read_sees_the_same_rows_on_the_same_grounds_as_one_that_asks_again(scene, name):
    actor = scene.actor(getattr(scene, name))
    for model in policy.registered_models():
        for child in (scene.elin, scene.saga):
            asked_again = _seen(actor, model, child.pk)
            known, within_a_page = _read_within_a_page(actor, model, child.pk)
            assert within_a_page == asked_again, (name, model.__name__, child.first_name, known)


def test_the_page_knows_the_ground_it_read_and_forgets_it_with_the_page(scene):
    kim, tor, rut = (scene.actor(u) for u in (scene.kim, scene.tor, scene.rut))
    assignment = kim.user.assignments.get(child=scene.elin)
    assert _read_within_a_page(kim, Child, scene.elin.pk)[0] == ("assignment", assignment.pk)
    glass = BreakGlass.objects.get(user=scene.tor, child=scene.elin)
    assert _read_within_a_page(tor, Child, scene.elin.pk)[0] == ("break_glass", glass.pk)
    assert _read_within_a_page(rut, Child, scene.elin.pk)[0] == (None, None), "reception's ground is not her own"
    assert policy._known_ground(kim, scene.elin.pk) is None, "nothing is kept after the page"


def test_an_assignment_that_ends_after_a_page_ends_access_at_the_next(scene):
    kim = scene.actor(scene.kim)
    assert _read_within_a_page(kim, Child, scene.elin.pk)[1]
    kim.user.assignments.filter(child=scene.elin).update(ends_at=timezone.now())
    known, seen = _read_within_a_page(kim, Child, scene.elin.pk)
    assert (known, seen) == (None, [])


def test_another_actors_reads_in_the_page_ask_again(scene):
    kim, tor = scene.actor(scene.kim), scene.actor(scene.tor)
    with policy.one_page(kim):
        policy.get_visible(kim, Child.objects.all(), pk=scene.elin.pk)
        assert policy._known_ground(tor, scene.elin.pk) is None
        assert _seen(tor, Child, scene.elin.pk)[0][1] == "break_glass"
