"""A reporter may ask for feedback after filing (`feedback_requested_at`), and feedback where an
investigation was already under way is due at once (SoL 19 kap. 6 §): the reports still waiting
for that feedback get the new deadline, the day reception recorded the investigation under way.
"""

from django.db import migrations, models
from django.utils import timezone


def feedback_at_once_where_already_ongoing(apps, schema_editor) -> int:
    """Their only open step is the feedback (assessment and decision are done); returns how many."""
    ConcernReport = apps.get_model("intake", "ConcernReport")
    waiting = ConcernReport.objects.filter(
        status="already_ongoing", feedback_requested=True, feedback_given_at__isnull=True, decided_at__isnull=False
    ).only("pk", "decided_at")
    changed = 0
    for report in waiting.iterator(chunk_size=2000):
        report.next_deadline_on = timezone.localtime(report.decided_at).date()
        report.next_deadline_rule = "feedback_at_once"
        report.save(update_fields=["next_deadline_on", "next_deadline_rule"])
        changed += 1
    return changed


def forwards(apps, schema_editor) -> None:
    feedback_at_once_where_already_ongoing(apps, schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ('intake', '0002_report_keeps_only_what_the_reporter_wrote'),
    ]

    operations = [
        migrations.AddField(
            model_name='concernreport',
            name='feedback_requested_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='feedback asked for after filing'),
        ),
        migrations.AlterField(
            model_name='reportevent',
            name='kind',
            field=models.CharField(choices=[('received', 'Report received'), ('child_linked', "Linked to the child's record"), ('protection_assessed', 'Protection assessment made'), ('decided', 'Decision recorded'), ('extended', 'Investigation time extended'), ('concluded', 'Investigation concluded'), ('feedback_requested', 'The reporter asked for feedback'), ('feedback_given', 'Feedback given to the reporter'), ('meeting_offered', 'Meeting offered'), ('reminded', 'Reminder sent'), ('escalated', 'Overdue: raised to the unit manager')], max_length=30, verbose_name='what'),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True),
    ]
