"""Each access ground is stated once (`Term` in access/models.py) and read in two forms: the ORM
filter the services and selectors use (`Assignment.objects.active()`, …) and the SQL the policy
writes into every read (`lots.access.conditions`). Here both forms judge the same world — rows that
hold, have ended, have not begun, were withdrawn, end or begin at the very moment — and must pick
the same rows, on SQLite and on PostgreSQL alike (the suite runs on both)."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.db.models import IntegerField, Value
from django.utils import timezone

from lots.access import models as access
from lots.access.conditions import ConsentGround, Ground, OwnGround
from lots.access.models import Assignment, BreakGlass, Consent, ConsentAgency
from lots.access.secrecy import InformationKind, Purpose
from lots.access.tests.factories import AssignmentFactory, BreakGlassFactory, ConsentFactory
from lots.organisations.actor import Actor
from lots.organisations.models import Agency
from lots.organisations.roles import Role
from lots.organisations.tests.factories import AgencyFactory, MembershipFactory, UnitFactory, UserFactory
from lots.people.models import Child
from lots.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db

HOUR = dt.timedelta(hours=1)


@dataclass
class Scene:
    at: dt.datetime
    staff: Actor  # works in `unit` of `agency`
    manager: Actor  # manages `unit`
    sharing: Agency  # names the consents' sharing agency
    #: what each child of the scene stands for, for the failure message
    states: dict[int, str]


def _periods(at: dt.datetime) -> dict[str, tuple[dt.datetime, dt.datetime | None]]:
    """(start, end) of a row in each state, around the moment `at`."""
    return {
        "active": (at - 10 * HOUR, at + 10 * HOUR),
        "open-ended": (at - 10 * HOUR, None),
        "begins at the moment": (at, at + HOUR),
        "ends at the moment": (at - HOUR, at),
        "ended": (at - 10 * HOUR, at - HOUR),
        "not begun": (at + HOUR, at + 10 * HOUR),
    }


@pytest.fixture
def scene() -> Scene:
    at = timezone.now().replace(microsecond=0)
    agency, other = AgencyFactory(kind=Agency.Kind.SCHOOL), AgencyFactory(kind=Agency.Kind.HEALTH_CARE)
    unit, next_door, elsewhere = UnitFactory(agency=agency), UnitFactory(agency=agency), UnitFactory(agency=other)
    staff = MembershipFactory(unit=unit, role=Role.KURATOR)
    manager = MembershipFactory(unit=unit, role=Role.REKTOR)
    colleague, stranger = UserFactory(), UserFactory()
    states: dict[int, str] = {}

    def child(state: str) -> Child:
        made = ChildFactory()
        states[made.pk] = state
        return made

    for state, (start, end) in _periods(at).items():
        # Need to know: mine in my unit, a colleague's in my unit (the manager's ground), mine in
        # another unit of my agency, mine in another agency; and a break the glass of mine.
        for who, where in [(staff.user, unit), (colleague, unit), (staff.user, next_door), (staff.user, elsewhere)]:
            AssignmentFactory(user=who, unit=where, child=child(f"{state} assignment"), starts_at=start, ends_at=end)
        if end is not None:  # a break the glass always has an end
            glass = child(f"{state} break the glass")
            BreakGlassFactory(membership=staff, child=glass, started_at=start, expires_at=end)
        # Consent: active from the moment it is complete until it expires or is withdrawn.
        ConsentFactory(child=child(f"{state} consent"), effective_at=start, valid_until=end, agencies=[other, agency])
        ConsentFactory(
            child=child(f"{state} consent, withdrawn"),
            effective_at=start,
            valid_until=end,
            withdrawn_at=at - 2 * HOUR,
            agencies=[other, agency],
        )
    glass_elsewhere = MembershipFactory(user=staff.user, unit=elsewhere, role=Role.BUP_CLINICIAN)
    BreakGlassFactory(membership=glass_elsewhere, child=child("break the glass in another agency"))
    BreakGlassFactory(membership=MembershipFactory(user=stranger, unit=unit), child=child("another's break the glass"))
    ConsentFactory(child=child("incomplete consent"), effective_at=None, agencies=[other, agency])
    ConsentFactory(child=child("consent naming only the sharer"), agencies=[other])
    no_share = ConsentFactory(child=child("consent the sharer may not share"), agencies=[agency])
    ConsentAgency.objects.create(consent=no_share, agency=other, shares=False)
    ConsentFactory(
        child=child("consent without the plan"),
        information_kinds=int(InformationKind.HEALTH),
        agencies=[other, agency],
    )
    ConsentFactory(child=child("consent for another purpose"), purpose=Purpose.NAMED_EXCHANGE, agencies=[other, agency])
    return Scene(
        at=at,
        staff=Actor(user=staff.user, membership=staff),
        manager=Actor(user=manager.user, membership=manager),
        sharing=other,
        states=states,
    )


# Each ground: the ORM form a service or selector uses, as {child id: id of the row that grants
# it}, and the ground the policy writes in SQL.


def _orm_assignment(scene: Scene) -> dict[int, int]:
    actor = scene.staff
    rows = Assignment.objects.active(scene.at).filter(user_id=actor.user.pk, unit__agency_id=actor.agency_id)
    return _lowest(rows.values_list("child_id", "pk"))


def _orm_unit_manager(scene: Scene) -> dict[int, int]:
    rows = Assignment.objects.active(scene.at).filter(unit_id=scene.manager.unit_id)
    return _lowest(rows.values_list("child_id", "pk"))


def _orm_break_glass(scene: Scene) -> dict[int, int]:
    actor = scene.staff
    rows = BreakGlass.objects.active(scene.at).filter(user_id=actor.user.pk, agency_id=actor.agency_id)
    return _lowest(rows.values_list("child_id", "pk"))


def _orm_consent(scene: Scene) -> dict[int, int]:
    """As a page explains a consent (`access.selectors.active_consent_scopes`): the active ones for
    the purpose, covering the kind, letting the record's agency share and the reader's receive."""
    newest: dict[int, int] = {}
    consents = Consent.objects.active(scene.at).filter(purpose=Purpose.SIP).order_by("created_at", "pk")
    for consent in consents.prefetch_related("agencies"):
        named = consent.agencies.all()
        shares = any(a.agency_id == scene.sharing.pk and a.shares for a in named)
        receives = any(a.agency_id == scene.staff.agency_id and a.receives for a in named)
        if consent.covers(InformationKind.PLAN) and shares and receives:
            newest[consent.child_id] = consent.pk
    return newest


def _lowest(pairs) -> dict[int, int]:
    lowest: dict[int, int] = {}
    for child_id, pk in pairs:
        lowest[child_id] = min(pk, lowest.get(child_id, pk))
    return lowest


def _sql_own(kind: str, actor_of):
    def read(scene: Scene) -> dict[int, int]:
        actor = actor_of(scene)
        holds = OwnGround(kind, "pk", actor, scene.at)
        granting = OwnGround(kind, "pk", actor, scene.at, granting_id=True)
        return dict(Child.objects.filter(holds).annotate(granting=granting).values_list("pk", "granting"))

    return read


def _sql_consent(scene: Scene) -> dict[int, int]:
    """The policy's consent ground for a plan record about each child, owned by the sharing agency."""
    refs = ("pk", "record_agency")

    def ground(granting_id: bool) -> ConsentGround:
        kind = int(InformationKind.PLAN)
        return ConsentGround(str(Purpose.SIP), kind, scene.staff, scene.at, granting_id=granting_id, refs=refs)

    children = Child.objects.annotate(record_agency=Value(scene.sharing.pk, output_field=IntegerField()))
    return dict(children.filter(ground(False)).annotate(granting=ground(True)).values_list("pk", "granting"))


GROUNDS = {
    Ground.ASSIGNMENT: (_orm_assignment, _sql_own(Ground.ASSIGNMENT, lambda scene: scene.staff)),
    Ground.UNIT_MANAGER: (_orm_unit_manager, _sql_own(Ground.UNIT_MANAGER, lambda scene: scene.manager)),
    Ground.BREAK_GLASS: (_orm_break_glass, _sql_own(Ground.BREAK_GLASS, lambda scene: scene.staff)),
    Ground.CONSENT: (_orm_consent, _sql_consent),
}


@pytest.mark.parametrize("ground", list(GROUNDS), ids=str)
def test_the_orm_filter_and_the_policys_sql_pick_the_same_rows(scene, ground):
    orm, sql = GROUNDS[ground]
    by_orm, by_sql = orm(scene), sql(scene)
    assert by_orm, "the scene must give the ground somewhere, or the comparison proves nothing"
    assert {scene.states[c] for c in by_orm} == {scene.states[c] for c in by_sql}
    assert by_orm == by_sql, "the same row grants it"


def test_every_ground_of_need_to_know_and_consent_is_compared():
    """The emergency crossing is need to know's break the glass (compared above) and the secrecy
    map's table; an app's grounds are stated once, in its policies.py (a participant's assignment
    through `ASSIGNMENT_TERM`: lots/plans/tests/test_policy.py)."""
    assert set(GROUNDS) == set(Ground) - {Ground.EMERGENCY}


@pytest.mark.parametrize(
    ("model", "term"),
    [(Assignment, access.ASSIGNMENT_TERM), (Consent, access.CONSENT_TERM), (BreakGlass, access.BREAK_GLASS_TERM)],
    ids=["assignment", "consent", "break the glass"],
)
def test_a_row_already_read_is_judged_as_the_queryset_judges_it(scene, model, term):
    """`Term.holds` (say `Consent.is_active`, which the consent pages show) against `active()`."""
    rows = list(model.objects.all())
    active = set(model.objects.active(scene.at).values_list("pk", flat=True))
    assert active and len(active) < len(rows)
    assert {row.pk for row in rows if term.holds(row, scene.at)} == active


def test_the_states_hold_as_the_rules_say(scene):
    """The comparison above is between two forms of the right rule: what holds is what should."""
    holding = {scene.states[c] for c in _orm_assignment(scene)}
    assert holding == {"active assignment", "open-ended assignment", "begins at the moment assignment"}
    consents = {scene.states[c] for c in _orm_consent(scene)}
    assert consents == {"active consent", "open-ended consent", "begins at the moment consent"}


def test_the_emergency_crossing_the_policy_writes_is_the_secrecy_maps(db):
    """The emergency ground is a break the glass (compared above) crossing between the kinds of
    agency the secrecy map pairs (`emergency_partners`, also what the map at /sekretess/ shows)
    for a child under 18. The policy's SQL against the table, for every pair of kinds."""
    from lots.access import policy
    from lots.access.secrecy import EMERGENCY_CROSSINGS, emergency_may_cross

    today = timezone.localdate()
    day = 28 if (today.month, today.day) == (2, 29) else today.day  # as the policy counts a leap day
    eighteen_years_ago = today.replace(year=today.year - 18, day=day)
    minor = ChildFactory(date_of_birth=eighteen_years_ago + dt.timedelta(days=1))  # 18 tomorrow
    adult = ChildFactory(date_of_birth=eighteen_years_ago)  # 18 today
    kinds, crossed = list(Agency.Kind.values), 0
    records = {
        (kind, child.pk): ConsentFactory(child=child, recorded_in=agency).pk
        for kind in kinds
        for agency in [AgencyFactory(kind=kind)]
        for child in (minor, adult)
    }
    for kind in kinds:
        membership = MembershipFactory(unit=UnitFactory(agency=AgencyFactory(kind=kind)), role=Role.KURATOR)
        for child in (minor, adult):
            BreakGlassFactory(membership=membership, child=child)
        actor = Actor(user=membership.user, membership=membership)
        seen = dict(policy.with_grounds(actor, Consent.objects.all()).values_list("pk", "_ground"))
        expected = {
            records[record_kind, child.pk]: Ground.EMERGENCY
            for record_kind in kinds
            for child in (minor, adult)
            if record_kind != kind and emergency_may_cross(record_kind, kind) and child is minor
        }
        assert seen == expected, kind
        crossed += len(expected)
    assert crossed == 2 * len(EMERGENCY_CROSSINGS), "each pair of the table, both ways, for the minor only"
