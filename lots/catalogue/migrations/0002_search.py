"""The search structures, one per engine: a GIN index over the tsvector on PostgreSQL, an FTS5
table of Snowball stems on SQLite. Kept in step by the catalogue's services (search/index.py)."""

from django.db import migrations

STATEMENTS = {
    "postgresql": (
        [
            "CREATE INDEX IF NOT EXISTS catalogue_intervention_search_gin "
            "ON catalogue_intervention USING GIN (search_vector)"
        ],
        ["DROP INDEX IF EXISTS catalogue_intervention_search_gin"],
    ),
    "sqlite": (
        [
            "CREATE VIRTUAL TABLE IF NOT EXISTS catalogue_intervention_fts "
            "USING fts5(a, b, c, tokenize = 'unicode61 remove_diacritics 0')"
        ],
        ["DROP TABLE IF EXISTS catalogue_intervention_fts"],
    ),
}


def _run(index):
    def run(apps, schema_editor):
        for statement in STATEMENTS.get(schema_editor.connection.vendor, ([], []))[index]:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]

    operations = [migrations.RunPython(_run(0), _run(1))]
