"""How the policy's SQL is built: one query per read, the granting row named, and the same
answers when the filtered queryset is reused (as a subquery, counted, paginated)."""

import pytest
from django.core.paginator import Paginator

from lots.access import policy
from lots.access.models import Assignment, Consent
from lots.access.tests.factories import BreakGlassFactory, ConsentFactory
from lots.core.testing import queries_of
from lots.people.models import Child, Relationship

pytestmark = pytest.mark.django_db


def test_each_ground_names_the_row_that_grants_it(world):
    kim = world.actor(world.kim)
    elin = policy.with_grounds(kim, Child.objects.all()).get(pk=world.elin.pk)
    assert (elin._ground, elin._ground_id) == (
        "assignment",
        Assignment.objects.get(user=world.kim, child=world.elin).pk,
    )
    rita = policy.with_grounds(world.actor(world.rita), Child.objects.all()).get(pk=world.elin.pk)
    assert rita._ground == "unit_manager"
    assert rita._ground_id in set(
        Assignment.objects.filter(child=world.elin, unit=world.school_unit).values_list("pk", flat=True)
    )
    glass = BreakGlassFactory(
        user=world.tor, child=world.elin, membership=world.membership(world.tor), agency=world.school
    )
    tor = policy.with_grounds(world.actor(world.tor), Child.objects.all()).get(pk=world.elin.pk)
    assert (tor._ground, tor._ground_id) == ("break_glass", glass.pk)


def test_a_read_through_the_policy_is_one_query_whatever_the_grounds(world):
    ConsentFactory(child=world.elin, recorded_in=world.school, agencies=[world.school, world.bup])
    for user in (world.kim, world.rita, world.bo):
        actor = world.actor(user)
        for model in (Child, Relationship, Assignment, Consent):
            assert (
                len(queries_of(lambda actor=actor, model=model: list(policy.with_grounds(actor, model.objects.all()))))
                == 1
            )


def test_the_filtered_queryset_gives_the_same_rows_reused_as_a_subquery_counted_and_paginated(world):
    kim = world.actor(world.kim)
    visible = policy.with_grounds(kim, Child.objects.order_by("pk"))
    expected = [world.elin.pk, world.saga.pk]
    assert [c.pk for c in visible] == sorted(expected)
    assert sorted(Child.objects.filter(pk__in=visible.values("pk")).values_list("pk", flat=True)) == sorted(expected)
    assert visible.count() == 2 and visible.exists()
    page = Paginator(visible, 1).get_page(2)
    assert [c.pk for c in page.object_list] == [sorted(expected)[1]]
    assert list(visible.filter(pk=world.elin.pk).values_list("_ground", flat=True)) == ["assignment"]
    none = policy.with_grounds(world.actor(world.tor), Child.objects.all())
    assert list(Child.objects.filter(pk__in=none.values("pk"))) == []


def test_the_consent_scopes_read_as_a_column_are_those_read_on_their_own(world):
    """A page reads the scopes of a plan's consents with the plan (`active_consent_scopes_column`):
    the same scopes as `active_consent_scopes`, a consent naming no agency included."""
    from lots.access.secrecy import Purpose
    from lots.access.selectors import active_consent_scopes, active_consent_scopes_column, scopes_of
    from lots.plans.models import Sip
    from lots.plans.tests.factories import elins_sip

    sip = elins_sip(world)
    ConsentFactory(child=world.elin, purpose=Purpose.SIP, reference_id=sip.pk, recorded_in=world.school)
    ConsentFactory(child=world.elin, purpose=Purpose.SIP, reference_id=sip.pk, withdrawn=True, agencies=[world.bup])
    alone = active_consent_scopes(child_id=world.elin.pk, purpose=Purpose.SIP, reference_id=sip.pk)
    column = Sip.objects.annotate(scopes=active_consent_scopes_column(purpose=Purpose.SIP)).get(pk=sip.pk).scopes
    assert len(alone) == 2 and any(not s.sharing and not s.receiving for s in alone)
    assert sorted(scopes_of(column), key=lambda s: s.consent_id) == sorted(alone, key=lambda s: s.consent_id)
    assert (
        scopes_of(
            Sip.objects.annotate(scopes=active_consent_scopes_column(purpose=Purpose.FAMILY_COORDINATION))
            .get(pk=sip.pk)
            .scopes
        )
        == []
    )
