"""The scale generator on a few hundred children: every kind of row, valid and deterministic."""

import datetime as dt

import pytest
from django.db import transaction

import scale
from lots.access.models import Assignment, BreakGlass, Consent, ConsentParty, ProtectedClearance
from lots.audit.models import AuditEntry, BurstsCountedUntil, Flag
from lots.audit.verify import verify_chain
from lots.organisations.models import Membership, Principal, Unit, User
from lots.people.identity import parse_identity_number
from lots.people.models import Child, Household, RelatedPerson, Relationship
from scale.organisations import sizes
from scale.sink import Progress

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 10, 14, 9, 30, tzinfo=dt.UTC)


def build(children=300, seed=7):
    return scale.build(children=children, seed=seed, now=NOW, progress=Progress(enabled=False))


def test_the_plan_is_proportioned_like_sweden():
    nation = scale.Plan(children=2_200_000, seed=1, now=NOW)
    assert nation.municipalities == 290
    assert 15 <= nation.regions <= 21
    town = scale.Plan(children=10_000, seed=1, now=NOW)
    assert (town.regions, town.municipalities) == (1, 2)
    assert sum(sizes(2_200_000, 290)) == 2_200_000
    assert sizes(1000, 4)[0] > sizes(1000, 4)[-1]


def test_it_builds_every_kind_of_row_and_a_whole_chain():
    ctx = build()
    assert Child.objects.count() == 300
    assert Principal.objects.filter(kind=Principal.Kind.REGION).count() == 1
    assert Principal.objects.filter(kind=Principal.Kind.MUNICIPALITY).count() == 2
    assert Unit.objects.filter(kind=Unit.Kind.SCHOOL).exists()
    assert Membership.objects.count() == User.objects.count() > 10
    for number in Child.objects.values_list("identity_number", flat=True)[:50]:
        assert parse_identity_number(number).digits == number
    assert RelatedPerson.objects.count() >= 300 * 0.5
    assert Relationship.objects.filter(kind=Relationship.Kind.GUARDIAN).count() >= 300
    assert Household.objects.count() > 0
    assert Assignment.objects.active().filter(reason=Assignment.Reason.MENTOR).exists()
    assert Assignment.objects.filter(ends_at__lt=NOW).exists()
    consents = Consent.objects.all()
    assert consents.filter(effective_at__isnull=True).exists()  # waiting for a guardian
    assert consents.filter(withdrawn_at__isnull=False).exists()
    assert consents.active(NOW).exists()
    assert ConsentParty.objects.filter(role=ConsentParty.Role.CHILD).exists()
    assert BreakGlass.objects.exists()
    assert (
        ProtectedClearance.objects.filter(child__protected_identity=True).count() == ProtectedClearance.objects.count()
    )
    assert AuditEntry.objects.count() == ctx.audit.written > 300 * 5
    assert AuditEntry.objects.filter(flags__gt=0).exists()
    assert AuditEntry.objects.filter(flags=Flag.BREAK_GLASS | Flag.OUTSIDE_WORKING_HOURS).exists() or (
        AuditEntry.objects.filter(ground="break_glass").exists()
    )
    assert verify_chain() == (AuditEntry.objects.count(), [])
    # the flagged report's hourly counts cover the generated history, up to the last ended hour
    assert BurstsCountedUntil.objects.get().until == dt.datetime(2026, 10, 14, 9, 0, tzinfo=dt.UTC)


def _snapshot():
    return (
        list(
            Child.objects.order_by("pk").values_list("first_name", "last_name", "identity_number", "school_unit__name")
        ),
        list(AuditEntry.objects.order_by("pk").values_list("hash", flat=True)[:200]),
    )


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data():
    snapshots = []
    for seed in (3, 3, 4):
        with transaction.atomic():
            build(children=150, seed=seed)
            snapshots.append(_snapshot())
            transaction.set_rollback(True)
    assert snapshots[0] == snapshots[1]
    assert snapshots[0][0] != snapshots[2][0]


def test_it_continues_the_chain_after_rows_already_in_the_log():
    from lots.audit import services

    services.record(None, [services.Access(action="view", record_type="people.child", record_id="1")])
    build(children=120)
    assert verify_chain() == (AuditEntry.objects.count(), [])
