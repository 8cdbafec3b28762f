"""`selectors.visible_absence` asks the policy once per pupil, agency and school: it must give
exactly the rows the policy gives row by row, for every viewer of the test world."""

import datetime as dt

import pytest

from lots.access import policy
from lots.access.secrecy import InformationKind
from lots.access.tests.factories import BreakGlassFactory, ConsentFactory
from lots.attendance import selectors, services
from lots.attendance.models import Absence
from lots.organisations.tests.factories import UnitFactory
from lots.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db
VIEWERS = ["kim", "mona", "rita", "tor", "bo", "berit", "sam", "ada", "rut"]


def test_grouped_visibility_is_the_policys_row_by_row(world):
    other_school = UnitFactory(agency=world.school, name="Norra skolan")
    stranger = ChildFactory(school_unit=other_school)
    today = dt.date.today()
    for child, unit in [
        (world.elin, world.school_unit),
        (world.elin, other_school),
        (world.saga, world.school_unit),
        (stranger, other_school),
    ]:
        for n in range(3):
            Absence.objects.create(
                child=child, unit=unit, agency=world.school, day=today - dt.timedelta(days=n), lesson=unit.name[:5],
                scheduled_minutes=300, invalid_minutes=300 if child != stranger else 0,
            )  # fmt: skip
    ConsentFactory(
        child=world.elin, agencies=[world.school, world.social], information_kinds=int(InformationKind.ATTENDANCE)
    )
    BreakGlassFactory(user=world.tor, child=world.saga)
    services.raise_signals()
    rows = Absence.objects.all()
    seen_by_someone = set()
    for name in VIEWERS:
        actor = world.actor(getattr(world, name))
        expected = set(policy.visible_to(actor, rows).values_list("pk", flat=True))
        assert set(selectors.visible_absence(actor, rows).values_list("pk", flat=True)) == expected, name
        seen_by_someone |= expected
    assert 0 < len(seen_by_someone) < rows.count()  # someone sees something, no one the stranger's
