"""The flagged report's bursts: hours that have ended are counted once into AccessBurst, the rest
is counted from the log; the report is the same either way."""

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from lots.audit import bursts, services
from lots.audit.models import AccessBurst, BurstsCountedUntil

pytestmark = pytest.mark.django_db

TEN = dt.datetime(2026, 11, 10, 9, 0, tzinfo=dt.UTC)  # 10:00 in Stockholm


def _opens(actor, children: range, at: dt.datetime) -> None:
    with time_machine.travel(at, tick=False):
        services.record(
            actor,
            services.one_row_per_list(
                actor,
                [
                    services.Access(action="list", record_type="people.child", record_id=str(c), child_id=c)
                    for c in children
                ],
            ),
        )


def _report(signed_in, world):
    with time_machine.travel(TEN + dt.timedelta(hours=5), tick=False):
        response = signed_in(world.ada).get(reverse("audit:flagged"), {"since": "2026-11-10", "until": "2026-11-10"})
    return [(b.username, b.hour, b.persons) for b in response.context["bursts"]]


def test_an_ended_hour_is_counted_once_and_the_report_reads_the_same_from_the_count(world, signed_in):
    kim = world.actor(world.kim)
    _opens(kim, range(0, 20), TEN + dt.timedelta(minutes=5))
    _opens(kim, range(10, 40), TEN + dt.timedelta(minutes=50))  # 40 persons in the hour
    _opens(kim, range(0, 29), TEN + dt.timedelta(hours=1, minutes=5))  # 29 in the next: below the mark
    from_the_log = _report(signed_in, world)
    assert [(name, persons) for name, _hour, persons in from_the_log] == [(world.kim.username, 40)]

    counted = bursts.count_bursts(now=TEN + dt.timedelta(hours=3))
    assert counted == TEN + dt.timedelta(hours=2)
    (burst,) = AccessBurst.objects.all()
    assert (burst.principal_id, burst.user_id, burst.hour, burst.persons) == (
        world.school.principal_id,
        world.kim.pk,
        TEN,
        40,
    )
    assert bursts.count_bursts(now=TEN + dt.timedelta(hours=3)) == counted
    assert AccessBurst.objects.count() == 1, "an hour is counted once"
    assert _report(signed_in, world) == from_the_log


def test_an_hour_is_counted_only_once_it_has_ended_and_settled(world):
    _opens(world.actor(world.kim), range(35), TEN + dt.timedelta(minutes=55))
    assert bursts.count_bursts(now=TEN + dt.timedelta(hours=1, minutes=5)) == TEN + dt.timedelta(minutes=0)
    assert not AccessBurst.objects.exists(), "10:00–11:00 ended five minutes ago: not yet settled"
    bursts.count_bursts(now=TEN + dt.timedelta(hours=1, minutes=15))
    assert AccessBurst.objects.get().persons == 35


def test_another_principals_auditor_does_not_see_the_count(world, signed_in):
    _opens(world.actor(world.bo), range(31), TEN)  # BUP belongs to the region
    bursts.count_bursts(now=TEN + dt.timedelta(hours=2))
    assert AccessBurst.objects.get().principal_id == world.bup.principal_id
    assert _report(signed_in, world) == []


def test_the_command_counts_and_says_how_far(world):
    _opens(world.actor(world.kim), range(31), TEN)
    out = StringIO()
    with time_machine.travel(TEN + dt.timedelta(hours=2), tick=False):
        call_command("count_access_bursts", stdout=out)
    assert "2026-11-10 10:00 UTC" in out.getvalue()
    assert BurstsCountedUntil.objects.get().until == TEN + dt.timedelta(hours=1)
    assert AccessBurst.objects.get().persons == 31


def test_the_report_reads_the_principals_agencies_once(world, signed_in):
    from lots.core.testing import queries_of

    client = signed_in(world.ada)
    statements = queries_of(
        lambda: client.get(reverse("audit:flagged"), {"since": "2026-11-10", "until": "2026-11-10"})
    )
    assert sum('FROM "organisations_agency"' in sql for sql in statements) == 1
