"""The database refuses to change a row of a plan's history (it may be culled with the plan)."""

from django.db import migrations

TABLE = "plans_sipevent"

SQLITE = [
    f"""CREATE TRIGGER sip_event_no_update BEFORE UPDATE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'the history of a SIP is append-only'); END""",
]
SQLITE_REVERSE = ["DROP TRIGGER sip_event_no_update"]

POSTGRESQL = [
    """CREATE FUNCTION sip_event_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'the history of a SIP is append-only'; END $$""",
    f"""CREATE TRIGGER sip_event_no_update BEFORE UPDATE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION sip_event_refuse_update()""",
]
POSTGRESQL_REVERSE = [f"DROP TRIGGER sip_event_no_update ON {TABLE}", "DROP FUNCTION sip_event_refuse_update()"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        )
    ]
