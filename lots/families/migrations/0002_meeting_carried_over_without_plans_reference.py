"""A network meeting carried over into a SIP keeps the plan's id and when, instead of a foreign
key into the plans app (families and plans are siblings: see docs/families.md)."""

from django.db import migrations, models
from django.db.models import F


def copy_plan_ids(apps, schema_editor):
    NetworkMeeting = apps.get_model("families", "NetworkMeeting")
    NetworkMeeting.objects.filter(sip__isnull=False).update(carried_to_plan=F("sip_id"), carried_over_at=F("starts_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("families", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="networkmeeting",
            name="carried_over_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="carried over into a SIP"),
        ),
        migrations.AddField(
            model_name="networkmeeting",
            name="carried_to_plan",
            field=models.PositiveIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(copy_plan_ids, migrations.RunPython.noop),
        migrations.RemoveField(model_name="networkmeeting", name="sip"),
    ]
