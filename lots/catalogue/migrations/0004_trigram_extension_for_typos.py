# pg_trgm for "Did you mean …?" (lots/catalogue/search/fuzzy.py). The vocabulary it compares
# with is a few hundred terms passed as an array, so no index would be used: only the extension.
# On SQLite the operation does nothing (rapidfuzz does the comparing there).

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0003_need_count"),
    ]

    operations = [TrigramExtension()]
