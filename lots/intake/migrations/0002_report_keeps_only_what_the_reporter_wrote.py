"""Until this migration, filing a report about a known child with no name written copied the
registry's name into `child_name_given`, which was then shown to the reporter and returned by the
API (issue 19). The service no longer does so; this removes the names already copied.

What was copied cannot be told apart from a name the reporter typed that happens to match the
registry letter for letter, so every linked report whose given name equals the linked child's
registry name is cleared. A reporter who typed exactly that name loses it from "Mina anmälningar";
reception loses nothing, since the linked child is read through the policy. Keeping a registry
name that may belong to a child with protected identity would be the worse error (OSL 21 kap.
3 §). Identity numbers are left as they are: a number on a report was either typed by the reporter
or that of a child on the reporter's own list, so none reveals what the reporter did not know.
"""

from django.db import migrations


def clear_registry_names(apps, schema_editor) -> int:
    """Clear given names equal to the linked child's registry name; returns how many."""
    ConcernReport = apps.get_model("intake", "ConcernReport")
    linked = ConcernReport.objects.filter(child__isnull=False).exclude(child_name_given="")
    copied = [
        report.pk
        for report in linked.only("pk", "child_name_given", "child__first_name", "child__last_name")
        .select_related("child")
        .iterator(chunk_size=2000)
        if report.child_name_given.strip() == f"{report.child.first_name} {report.child.last_name}"
    ]
    for start in range(0, len(copied), 2000):
        ConcernReport.objects.filter(pk__in=copied[start : start + 2000]).update(child_name_given="")
    return len(copied)


def forwards(apps, schema_editor) -> None:
    clear_registry_names(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("intake", "0001_initial"), ("people", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)]
