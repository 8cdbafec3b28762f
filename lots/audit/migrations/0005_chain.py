"""The access log becomes several independent hash chains: each row names its chain.

Existing rows are chain 0 and verify as before (the chain number is not hashed). The column is
added with plain ALTER TABLE on both engines: Django would rebuild the table on SQLite for a
NOT NULL column, which drops the append-only triggers; on PostgreSQL the partitioned table
passes the column and the (chain, id) index on to every partition, present and future.
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


def _run(statements_by_vendor):
    def run(apps, schema_editor):
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
                    _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
                    elidable=False,
                )
            ],
        ),
        migrations.AddIndex(
            model_name="auditentry",
            index=models.Index(fields=["chain", "id"], name="audit_chain_idx"),
        ),
    ]
