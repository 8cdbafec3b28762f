"""The child's page answers in a constant number of queries with every section filled in: the
child, guardians, households, the team, and the panels of access, plans, intake and routines."""

import pytest
from django.urls import reverse

from lots.access.tests.factories import AssignmentFactory, ConsentFactory
from lots.core.testing import appends_to_the_log, queries_of
from lots.intake.tests.factories import ConcernReportFactory
from lots.people.tests.factories import ChildFactory, HouseholdFactory, RelatedPersonFactory, RelationshipFactory
from lots.plans.tests.factories import elins_sip
from lots.routines.services import journeys
from lots.routines.tests.factories import routine_with_steps

pytestmark = pytest.mark.django_db


def _more_of_everything(world, version) -> None:
    """One more of each thing the child's page shows."""
    household = HouseholdFactory()
    household.children.add(world.elin, ChildFactory())
    household.adults.add(RelatedPersonFactory(), RelatedPersonFactory())
    RelationshipFactory(child=world.elin, kind="other_relative")
    AssignmentFactory(user=world.tor, unit=world.school_unit, child=world.elin)
    ConsentFactory(child=world.elin, recorded_in=world.school, agencies=[world.school, world.social])
    elins_sip(world)
    journeys.start_journey(actor=world.actor(world.kim), child=world.elin, version=version)
    ConcernReportFactory(child=world.elin, receiving_agency=world.social, receiving_unit=world.reception_unit)


@pytest.mark.parametrize(
    ("who", "at_most"),
    [
        # Session, user, the authenticator that verified the session (django-otp), membership (with
        # the unread count), child (with relationships and team), households, consents, plans (with
        # the region's agreement), journeys (with "may start"), family coordination (the engagements
        # naming the child), need tags, the assignments now and before (issue 21), the deviations
        # naming the child (issue 22), the school absence (issue 24), and one log append for all of
        # them (the view gathers the reads' rows).
        ("kim", 16),
        # Social services: no agreement to read, the concern reports besides; the school's journeys
        # are not Sam's, so "may start" is asked on its own.
        ("sam", 17),
        # The unit's manager: the history of the assignments' changes besides.
        ("rita", 17),
    ],
)
def test_the_child_overview_with_every_section_filled_costs_the_same_whatever_their_size(
    world, signed_in, who, at_most
):
    version = routine_with_steps(world.school.principal)
    _more_of_everything(world, version)
    client = signed_in(getattr(world, who))
    url = reverse("people:child", args=[world.elin.pk])
    client.get(url)  # the session's first request settles its one-time checks
    few = queries_of(lambda: client.get(url))
    for _ in range(3):
        _more_of_everything(world, version)
    many = queries_of(lambda: client.get(url))
    assert len(many) == len(few) <= at_most
    appends = [sql for sql in many if appends_to_the_log(sql)]
    assert len(appends) == 1  # the child's read and every panel's, logged in one append


def test_the_households_are_read_in_one_query_with_their_adults_and_other_children(world, signed_in):
    sibling = ChildFactory(first_name="Ella", last_name="Berg")
    home = HouseholdFactory(name="Hemma")
    home.children.add(world.elin, sibling)
    home.adults.add(world.gun, world.gert)
    away = HouseholdFactory(name="Borta")
    away.children.add(world.elin)
    HouseholdFactory(name="Någon annans").children.add(ChildFactory())
    client = signed_in(world.kim)
    url = reverse("people:child", args=[world.elin.pk])
    client.get(url)
    queries = queries_of(lambda: client.get(url))
    assert sum('"people_household' in sql for sql in queries) == 1
    households = client.get(url).context["overview"].households
    assert [(h.name, h.adults, h.other_children) for h in households] == [
        ("Borta", [], []),
        ("Hemma", ["Gert Berg", "Gun Berg"], ["Ella Berg"]),
    ]


def test_the_relationships_come_with_the_child_as_the_database_holds_them(world, signed_in):
    """Read inside the child's query through the policy: the same people, with dates as dates."""
    import datetime as dt

    client = signed_in(world.kim)
    url = reverse("people:child", args=[world.elin.pk])
    client.get(url)
    queries = queries_of(lambda: client.get(url))
    assert not any(sql.startswith('SELECT "people_relationship"') for sql in queries)
    relations = client.get(url).context["overview"].relations
    assert [(r.kind, p.full_name) for r, p in relations] == [("guardian", "Gun Berg"), ("guardian", "Gert Berg")]
    person = relations[0][1]._person
    assert person.pk == world.gun.pk and person.phone == world.gun.phone
    assert isinstance(person.created_at, dt.datetime) and person.created_at.tzinfo is not None
    assert signed_in(world.tor).get(url).status_code == 404
