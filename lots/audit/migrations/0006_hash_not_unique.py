"""The row's hash is no longer a unique key on PostgreSQL.

Nothing looks a row up by its hash, and the chains' integrity is what `verify_audit_log` checks:
a duplicate hash cannot pass it. On the partitioned table the constraint could only say (hash,
at), which guarded nothing, while it was the one index of the log that every append wrote at a
random place: at national scale, a read from disk per row. SQLite keeps its inline UNIQUE: it
cannot be dropped without rebuilding the table, which would drop the append-only triggers.
"""

from django.db import migrations, models

TABLE = "audit_auditentry"


def _run(statement):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0005_chain")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(model_name="auditentry", name="hash", field=models.CharField(max_length=64)),
            ],
            database_operations=[
                migrations.RunPython(
                    _run(f"ALTER TABLE {TABLE} DROP CONSTRAINT {TABLE}_hash_key"),
                    _run(f"ALTER TABLE {TABLE} ADD CONSTRAINT {TABLE}_hash_key UNIQUE (hash, at)"),
                    elidable=False,
                )
            ],
        ),
    ]
