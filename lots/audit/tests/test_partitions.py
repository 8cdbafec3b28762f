"""On PostgreSQL the access log is partitioned by month; the chain and the triggers hold across partitions."""

import datetime as dt
import re

import pytest
import time_machine
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from lots.audit import partitions, services
from lots.audit.models import AuditEntry
from lots.audit.verify import verify_chain

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgres_only,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="partitions exist on PostgreSQL only"),
]


def write_at(moment: dt.datetime, n: int = 1) -> list[AuditEntry]:
    with time_machine.travel(moment, tick=False):
        return services.record(
            None,
            [
                services.Access(action="view", record_type="people.child", record_id=str(i), child_id=i)
                for i in range(n)
            ],
        )


def partition_of(entry: AuditEntry) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tableoid::regclass::text FROM audit_auditentry WHERE id = %s", [entry.pk])
        return cursor.fetchone()[0]


def test_the_log_is_partitioned_with_months_ahead_and_a_default():
    assert partitions.is_partitioned()
    names = partitions.existing_partitions()
    assert partitions.DEFAULT_PARTITION in names
    assert partitions.partition_name(partitions.month_start(dt.datetime.now(dt.UTC))) in names


def test_rows_land_in_their_month_and_the_chain_runs_across_partitions():
    partitions.ensure_months(dt.datetime(2031, 1, 5, tzinfo=dt.UTC), dt.datetime(2031, 2, 5, tzinfo=dt.UTC))
    january = write_at(dt.datetime(2031, 1, 20, 10, tzinfo=dt.UTC), 2)
    february = write_at(dt.datetime(2031, 2, 3, 10, tzinfo=dt.UTC), 2)
    assert partition_of(january[0]) == "audit_auditentry_2031_01"
    assert partition_of(february[0]) == "audit_auditentry_2031_02"
    assert february[0].prev_hash == january[1].hash
    assert verify_chain() == (4, [])


def test_the_triggers_refuse_change_in_every_partition():
    (row,) = write_at(dt.datetime(2032, 6, 1, tzinfo=dt.UTC))  # no month partition: the default one
    assert partition_of(row) == partitions.DEFAULT_PARTITION
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=row.pk).update(detail="changed")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=row.pk).delete()


def test_a_new_month_takes_over_its_rows_from_the_default_partition_unchanged():
    rows = write_at(dt.datetime(2033, 3, 15, tzinfo=dt.UTC), 3)
    assert {partition_of(r) for r in rows} == {partitions.DEFAULT_PARTITION}
    created = partitions.ensure_months(dt.datetime(2033, 3, 1, tzinfo=dt.UTC), dt.datetime(2033, 3, 31, tzinfo=dt.UTC))
    assert created == ["audit_auditentry_2033_03"]
    assert {partition_of(r) for r in rows} == {"audit_auditentry_2033_03"}
    assert verify_chain() == (3, [])
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=rows[0].pk).delete()


def test_the_command_creates_the_months_ahead_once(capsys):
    with time_machine.travel(dt.datetime(2035, 5, 10, tzinfo=dt.UTC), tick=False):
        call_command("create_audit_partitions", months=2)
        assert "audit_auditentry_2035_07" in capsys.readouterr().out
        call_command("create_audit_partitions", months=2)
    assert "Created" not in capsys.readouterr().out
    assert {"audit_auditentry_2035_05", "audit_auditentry_2035_06", "audit_auditentry_2035_07"} <= set(
        partitions.existing_partitions()
    )


def test_a_chains_head_is_read_by_the_chain_index_of_each_partition():
    write_at(dt.datetime(2031, 1, 20, 10, tzinfo=dt.UTC), 2)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + services._HEAD_SQL.format(chain=0))
        plan = "\n".join(line for (line,) in cursor.fetchall())
    assert "Sort  (" not in plan, plan  # no sort node: the partitions' index scans are merged
    assert (
        plan.count("Index Scan Backward")
        == len(re.findall(r"Index Cond: \(chain = '?0'?(::smallint)?\)", plan))
        >= len(partitions.existing_partitions())
    ), plan
