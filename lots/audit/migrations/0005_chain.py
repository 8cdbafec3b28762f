"""The access log becomes several independent hash chains: each row names its chain.

Existing rows are chain 0 and verify as before (the chain number is not hashed). The column is
added with plain ALTER TABLE on both engines: Django would rebuild the table on SQLite for a
NOT NULL column, which drops the append-only triggers; on PostgreSQL the partitioned table
passes the column and the (chain, id) index on to every partition, present and future.
Reversing it is refused once a row is in another chain than 0: dropping the column would merge
the chains into one that no longer verifies.
"""

from django.db import migrations, models

TABLE = "audit_auditentry"
CHECK = "CHECK (chain >= 0)"

SQLITE = [f'ALTER TABLE {TABLE} ADD COLUMN "chain" smallint unsigned NOT NULL DEFAULT 0 {CHECK}']
SQLITE_REVERSE = [f'ALTER TABLE {TABLE} DROP COLUMN "chain"']
POSTGRESQL = [
    f"ALTER TABLE {TABLE} ADD COLUMN chain smallint NOT NULL DEFAULT 0 CONSTRAINT {TABLE}_chain_check {CHECK}",
    f"ALTER TABLE {TABLE} ALTER COLUMN chain DROP DEFAULT",
]
POSTGRESQL_REVERSE = [f"ALTER TABLE {TABLE} DROP COLUMN chain"]


def _run(statements_by_vendor, *, refuse_if_chained=False):
    def run(apps, schema_editor):
        if refuse_if_chained:
            with schema_editor.connection.cursor() as cursor:
                cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {TABLE} WHERE chain <> 0)")  # noqa: S608
                if cursor.fetchone()[0]:
                    raise RuntimeError(
                        "Rows have been written in chains other than 0: without the column they would "
                        "no longer verify. Restore a backup from before this migration instead."
                    )
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_partition_by_month")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="auditentry",
                    name="chain",
                    field=models.PositiveSmallIntegerField(default=0, verbose_name="chain"),
                )
            ],
            database_operations=[
                migrations.RunPython(
                    _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
                    _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}, refuse_if_chained=True),
                    elidable=False,
                )
            ],
        ),
        migrations.AddIndex(
            model_name="auditentry",
            index=models.Index(fields=["chain", "id"], name="audit_chain_idx"),
        ),
    ]
