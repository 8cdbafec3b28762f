"""The cache's table (LOTS_CACHE_URL=db, the default), so that `migrate` is all an install runs.

`createcachetable` makes the table of every database cache configured and leaves existing ones;
with Redis configured it does nothing. Reversing leaves the table (it holds only rate-limit
counts, which `manage.py createcachetable` remakes)."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("api", "0001_initial")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
