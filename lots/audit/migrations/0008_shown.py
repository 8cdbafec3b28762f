"""A list or search writes one log row naming every record it showed (`shown`), instead of one row
per record (docs/decisions/0007-one-row-per-list.md).

Review by person finds such a row by the child it names: on PostgreSQL through a GIN index
(jsonb_path_ops, for `shown @> '[{"child": …}]'`), made on the partitioned table and so on
every month's partition, present and future. Partial: a row that names one record (most rows)
does not touch it, so it costs nothing to their appends and keeps no pending entries for them
(as a whole-table index it held 140 000 pending NULL entries in a month at 2 200 000 children,
read by every search until vacuumed: 3.5 ms a month searched). SQLite has no such index and reads `shown` with
json_each within the period and principal searched.
"""

from django.db import migrations, models

INDEX = "audit_shown_idx"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX {INDEX} ON audit_auditentry USING gin (shown jsonb_path_ops) WHERE shown IS NOT NULL"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0007_by_agency_and_time"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="shown",
            field=models.JSONField(blank=True, null=True, verbose_name="records shown"),
        ),
        migrations.RunPython(create_index, drop_index),
    ]
