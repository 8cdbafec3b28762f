"""`policy.one_page`: the rows of several reads go into the log in one INSERT, the same rows
in the same order as without it."""

import pytest

from lots.access import policy
from lots.audit.models import Action, AuditEntry
from lots.core.testing import appends_to_the_log, queries_of
from lots.people.models import Child

pytestmark = pytest.mark.django_db


def _rows(since: int) -> list[tuple]:
    return list(
        AuditEntry.objects.filter(pk__gt=since)
        .order_by("pk")
        .values_list("user_id", "action", "record_type", "record_id", "child_id", "ground", "ground_id")
    )


def _last() -> int:
    return AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def test_reads_inside_one_page_are_logged_by_one_insert_with_the_same_rows(world):
    kim = world.actor(world.kim)
    elin = policy.with_grounds(kim, Child.objects.all()).get(pk=world.elin.pk)

    def reads():
        policy.log_access(kim, Action.VIEW, [elin])
        policy.log_access(kim, Action.LIST, [elin])

    start = _last()
    separately = queries_of(reads)
    expected = _rows(start)
    middle = _last()

    def together():
        with policy.one_page(kim):
            reads()

    assert sum(map(appends_to_the_log, separately)) == 2
    assert sum(map(appends_to_the_log, queries_of(together))) == 1
    assert _rows(middle) == expected


def test_another_actors_rows_and_rows_of_a_failed_block_are_still_written(world):
    kim, bo = world.actor(world.kim), world.actor(world.bo)
    elin = policy.with_grounds(kim, Child.objects.all()).get(pk=world.elin.pk)
    start = _last()
    with pytest.raises(RuntimeError), policy.one_page(kim):
        policy.log_access(bo, Action.VIEW, [elin])
        assert [r[0] for r in _rows(start)] == [world.bo.pk], "another actor's row is not held back"
        policy.log_access(kim, Action.VIEW, [elin])
        assert len(_rows(start)) == 1
        raise RuntimeError
    assert [r[0] for r in _rows(start)] == [world.bo.pk, world.kim.pk]


def test_the_consents_page_logs_the_child_and_the_consents_in_one_page(world, signed_in):
    from django.urls import reverse

    from lots.access.tests.factories import ConsentFactory

    ConsentFactory(child=world.elin, recorded_in=world.school, agencies=[world.school, world.social])
    client = signed_in(world.kim)
    url = reverse("access:child_consents", args=[world.elin.pk])
    client.get(url)  # the session's first request settles its one-time checks
    start = _last()
    statements = queries_of(lambda: client.get(url))
    assert sum(map(appends_to_the_log, statements)) == 1
    logged = {(action, record_type) for _, action, record_type, *_ in _rows(start)}
    assert ("view", "people.child") in logged and ("list", "access.consent") in logged
