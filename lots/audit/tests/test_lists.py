"""A list or search that shows several records writes one log row naming them all (decision
0007); review by person, the flagged report and the verifier read it as they read single rows."""

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from lots.access import policy
from lots.access.tests.factories import AssignmentFactory
from lots.audit import chain, services
from lots.audit.models import Action, AuditEntry, Flag
from lots.audit.tests.test_chain import tamper
from lots.audit.verify import verify_chain
from lots.core.testing import appends_to_the_log, queries_of
from lots.organisations.models import User
from lots.people.models import Child
from lots.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


def _pupils(world, n: int) -> list[Child]:
    children = [ChildFactory(school_unit=world.school_unit, last_name=f"Elev{i}") for i in range(n)]
    for child in children:
        AssignmentFactory(user=world.kim, unit=world.school_unit, child=child)
    return children


def test_my_children_writes_one_row_naming_every_child_shown_with_its_ground(world, signed_in):
    pupils = _pupils(world, 3)
    client = signed_in(world.kim)
    client.get(reverse("people:my_children"))  # the session's first request settles its one-time checks
    start = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    statements = queries_of(lambda: client.get(reverse("people:my_children")))

    assert sum(map(appends_to_the_log, statements)) == 1
    rows = list(AuditEntry.objects.filter(pk__gt=start, action="list").order_by("pk"))
    listed = [row for row in rows if row.shown]
    assert len(listed) == 1
    (row,) = listed
    assert (row.child_id, row.record_type, row.detail) == (None, "people.child", "my_children")
    shown = [child.pk for child in sorted([world.elin, *pupils], key=lambda c: (c.last_name, c.first_name, c.pk))]
    assert [item["child"] for item in row.shown] == shown
    assert {item["ground"] for item in row.shown} == {"assignment"}
    assert all(item["record"] == str(item["child"]) and item["ground_id"] for item in row.shown)
    assert verify_chain()[1] == []


def test_a_child_flagged_for_that_person_keeps_a_row_of_its_own(world, signed_in):
    """Saga has protected identity: the flagged report must name her, so she is not folded in."""
    _pupils(world, 2)
    signed_in(world.kim).get(reverse("people:my_children"))
    rows = AuditEntry.objects.filter(action="list", user_id=world.kim.pk)
    saga = rows.get(child_id=world.saga.pk)
    assert saga.flags & Flag.PROTECTED_IDENTITY and saga.shown is None
    (listed,) = rows.filter(shown__isnull=False)
    assert world.saga.pk not in [item["child"] for item in listed.shown]
    assert world.elin.pk in [item["child"] for item in listed.shown]


def test_same_surname_is_not_folded_and_a_list_of_one_is_an_ordinary_row(world):
    User.objects.filter(pk=world.kim.pk).update(last_name="Berg")
    world.kim.refresh_from_db()
    kim = world.actor(world.kim)
    children = policy.with_grounds(kim, Child.objects.filter(pk__in=[world.elin.pk]))
    policy.log_access(kim, Action.LIST, list(children))
    (row,) = AuditEntry.objects.filter(action="list")
    assert (row.child_id, row.shown) == (world.elin.pk, None)
    assert row.flags & Flag.SAME_SURNAME


def test_review_by_person_finds_the_lists_that_showed_the_child(world, signed_in):
    pupils = _pupils(world, 2)
    signed_in(world.kim).get(reverse("people:my_children"))
    auditor = signed_in(world.ada)
    response = auditor.post(reverse("audit:review"), {"identity_number": pupils[1].display_number})
    entries = response.context["entries"]
    assert [(e.username, e.action, e.child_id) for e in entries] == [(world.kim.username, "list", None)]
    body = response.content.decode()
    assert pupils[1].display_number in body and world.elin.display_number in body
    assert "3 poster (people.child)" in body
    other = ChildFactory(school_unit=world.school_unit)
    response = auditor.post(reverse("audit:review"), {"identity_number": other.display_number})
    assert response.context["entries"] == []


def test_the_flagged_report_counts_the_persons_a_list_named(world, signed_in):
    actor = world.actor(world.kim)
    listed = [
        services.Access(action="list", record_type="people.child", record_id=str(i), child_id=10_000 + i)
        for i in range(20)
    ]
    services.record(actor, services.one_row_per_list(actor, listed))
    opened = [
        services.Access(action="view", record_type="people.child", record_id=str(i), child_id=10_000 + i)
        for i in range(15, 30)
    ]
    services.record(actor, opened)
    assert AuditEntry.objects.count() == 16
    today = timezone.localdate()
    report = signed_in(world.ada).get(reverse("audit:flagged"), {"since": today, "until": today})
    assert [(b.username, b.persons) for b in report.context["bursts"]] == [(world.kim.username, 30)]


def test_a_changed_name_in_a_lists_row_is_found_by_the_verifier(world):
    actor = world.actor(world.kim)
    accesses = [
        services.Access(action="list", record_type="people.child", record_id=str(i), child_id=i, ground="assignment")
        for i in (7, 8, 9)
    ]
    (row,) = services.record(actor, services.one_row_per_list(actor, accesses))
    assert verify_chain() == (1, [])
    changed = json.dumps([{**row.shown[0], "child": 99}, *row.shown[1:]])
    tamper("UPDATE audit_auditentry SET shown = %s WHERE id = %s", [changed, row.pk])
    (found,) = verify_chain()[1]
    assert found.entry_id == row.pk and "hash does not match" in found.problem


def test_the_canonical_form_of_a_lists_row_is_the_sorted_json_of_its_values(world):
    (row,) = services.record(
        world.actor(world.kim),
        services.one_row_per_list(
            world.actor(world.kim),
            [
                services.Access(action="search", record_type="people.child", record_id="1", child_id=1, detail="Åsa"),
                services.Access(action="search", record_type="people.child", record_id="2", child_id=2, detail="Åsa"),
            ],
        ),
    )
    stored = AuditEntry.objects.get(pk=row.pk)
    values = {name: getattr(stored, name) for name in chain.CHAINED_FIELDS}
    values["at"] = (stored.at - dt.datetime(1970, 1, 1, tzinfo=dt.UTC)) // dt.timedelta(microseconds=1)
    expected = json.dumps(values, sort_keys=True, separators=(",", ":"), default=str).encode()
    assert chain.canonical(stored) == expected
    assert chain.row_hash(stored) == stored.hash
