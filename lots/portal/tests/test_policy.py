"""The family view's one rule, for every relation (portal/policies.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from lots.people.tests.factories import ChildFactory, RelatedPersonFactory, RelationshipFactory
from lots.portal import policies
from lots.portal.tests.factories import guardian_account, own_account

pytestmark = pytest.mark.django_db


def _child_ids(account):
    return [s.child.pk for s in policies.visible_children(account)]


def test_a_guardian_with_custody_sees_the_child(world):
    account = guardian_account(world.gun)
    assert _child_ids(account) == [world.elin.pk]
    assert policies.seeing(account, world.elin.pk).ground == policies.GUARDIAN_GROUND


def test_a_parent_without_custody_sees_nothing():
    rel = RelationshipFactory(without_custody=True)
    account = guardian_account(rel.person)
    assert _child_ids(account) == []
    assert policies.seeing(account, rel.child.pk) is None


@pytest.mark.parametrize("kind", ["foster_parent", "grandparent", "sibling", "step_parent"])
def test_no_other_relation_sees_the_child(kind):
    rel = RelationshipFactory(kind=kind)
    assert _child_ids(guardian_account(rel.person)) == []


def test_a_guardian_never_sees_another_child(world):
    other = ChildFactory()
    assert policies.seeing(guardian_account(world.gun), other.pk) is None


def test_a_young_person_under_the_age_sees_nothing(settings):
    settings.LOTS_PORTAL_OWN_PLAN_AGE = 13
    child = ChildFactory(age=12)
    assert _child_ids(own_account(child)) == []


def test_a_young_person_from_the_age_sees_their_own_plan(settings):
    settings.LOTS_PORTAL_OWN_PLAN_AGE = 13
    child = ChildFactory(age=13)
    account = own_account(child)
    assert _child_ids(account) == [child.pk]
    assert policies.seeing(account, child.pk).ground == policies.OWN_GROUND


def test_the_age_is_the_municipalitys_setting(settings):
    child = ChildFactory(age=14)
    settings.LOTS_PORTAL_OWN_PLAN_AGE = 15
    assert _child_ids(own_account(child)) == []
    settings.LOTS_PORTAL_OWN_PLAN_AGE = 14
    assert _child_ids(own_account(child)) == [child.pk]


def test_a_young_person_never_sees_a_sibling():
    child, sibling = ChildFactory(age=15), ChildFactory(age=15)
    assert policies.seeing(own_account(child), sibling.pk) is None


def test_from_18_the_plan_is_the_young_persons_alone():
    adult = ChildFactory(age=18)
    rel = RelationshipFactory(child=adult)
    assert _child_ids(guardian_account(rel.person)) == []
    assert _child_ids(own_account(adult)) == [adult.pk]


def test_the_day_before_18_the_guardian_still_sees():
    child = ChildFactory(age=17)
    account = guardian_account(RelationshipFactory(child=child).person)
    birthday = child.date_of_birth.replace(year=child.date_of_birth.year + 18)
    assert policies.ground_for(account, child, custody=True, today=birthday - dt.timedelta(days=1))
    assert policies.ground_for(account, child, custody=True, today=birthday) is None


def test_a_protected_child_is_seen_with_the_location_hidden(world):
    RelationshipFactory(child=world.saga, person=world.gert)
    seen = policies.seeing(guardian_account(world.gert), world.saga.pk)
    assert seen is not None and seen.hide_location


def test_an_unknown_identity_number_gets_no_account():
    from lots.portal import services

    assert services.account_for_identity_number(identity_number="191212121212") is None


def test_the_account_is_made_once_and_names_no_one():
    person = RelatedPersonFactory()
    first, again = guardian_account(person), guardian_account(person)
    assert first.pk == again.pk
    assert person.identity_number not in first.user.username
    assert person.last_name not in first.user.username
    assert not first.user.has_usable_password()
    assert not first.user.memberships.exists()
