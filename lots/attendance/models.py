"""Absence from school as the school administration system reports it, the thresholds of early
warning per municipality, the signals they raised, and the imports that brought the rows."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: The defaults of a municipality that has not set its own thresholds (issue 24).
DEFAULT_THRESHOLDS = {"mentor_percent": 10, "student_health_percent": 15, "routine_percent": 30, "routine_days": 10}


class Absence(models.Model):
    """One lesson (or one whole day, `lesson` empty) of one pupil: minutes scheduled and absent.

    Belongs to the school agency that imported it (its secrecy domain). A row is identified by
    pupil, day and lesson: importing the same row again changes nothing, a changed row is
    updated in place."""

    id = models.BigAutoField(primary_key=True)
    # The unique (child, day, lesson) and the (unit, day) index serve every read: no index per
    # foreign key (they would slow a million-row import and serve no query). The school and its
    # agency are never read from a file: the import writes the importer's own (checked by the
    # database only for the child, whose rows go with it; a unit or agency in use is never deleted).
    child = models.ForeignKey(
        "people.Child", verbose_name=_("child"), on_delete=models.CASCADE, related_name="+", db_index=False
    )
    agency = models.ForeignKey(
        "organisations.Agency", on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )
    unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("school"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    day = models.DateField(_("date"))
    lesson = models.CharField(_("lesson"), max_length=20, blank=True, default="")
    scheduled_minutes = models.PositiveSmallIntegerField(_("scheduled minutes"))
    valid_minutes = models.PositiveSmallIntegerField(_("valid absence, minutes"), default=0)
    invalid_minutes = models.PositiveSmallIntegerField(_("invalid absence, minutes"), default=0)

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absence")
        constraints = [
            models.UniqueConstraint(fields=["child", "day", "lesson"], name="absence_one_row_per_lesson"),
            models.CheckConstraint(
                condition=Q(valid_minutes__lte=F("scheduled_minutes") - F("invalid_minutes")),
                name="absence_within_schedule",
            ),
        ]
        indexes = [models.Index(fields=["unit", "day"], name="absence_unit_day_idx")]

    def __str__(self) -> str:
        return f"{self.child_id} {self.day} {self.lesson}".strip()


class PupilTerm(models.Model):
    """A pupil's absence at one school in one term, summed from the rows of `Absence`: the minutes
    and the longest run of whole school days absent (`warning`'s rules). Rebuilt from the rows by
    every import for the pupils its file touched, inside the import's transaction, so that it is
    never out of step with them; the school's list reads one of these per pupil instead of every
    day of the term (docs/attendance.md)."""

    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="+", db_index=False)
    agency = models.ForeignKey(
        "organisations.Agency", on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )
    unit = models.ForeignKey(
        "organisations.Unit", on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )
    term_start = models.DateField()
    scheduled_minutes = models.PositiveIntegerField(default=0)
    valid_minutes = models.PositiveIntegerField(default=0)
    invalid_minutes = models.PositiveIntegerField(default=0)
    longest_run = models.PositiveSmallIntegerField(default=0)
    #: The last day with a row: rows after the day of a reckoning make it fall back to the rows.
    last_day = models.DateField()
    #: One row of absence of the pupil at the school this term, for the access policy (which asks
    #: the same of every row of a pupil, agency and school).
    sample_id = models.BigIntegerField()

    class Meta:
        verbose_name = _("absence this term")
        verbose_name_plural = _("absence this term")
        constraints = [
            models.UniqueConstraint(fields=["unit", "term_start", "child"], name="pupil_term_once"),
        ]

    def __str__(self) -> str:
        return f"{self.child_id} {self.unit_id} {self.term_start}"


class Thresholds(models.Model):
    """A municipality's (principal's) thresholds of early warning, set by its administrator."""

    principal = models.OneToOneField(
        "organisations.Principal", on_delete=models.CASCADE, related_name="attendance_thresholds"
    )
    mentor_percent = models.PositiveSmallIntegerField(
        _("the mentor contacts home at (% absence, last four weeks)"), default=DEFAULT_THRESHOLDS["mentor_percent"]
    )
    student_health_percent = models.PositiveSmallIntegerField(
        _("the student health team at (% absence, last four weeks)"),
        default=DEFAULT_THRESHOLDS["student_health_percent"],
    )
    routine_percent = models.PositiveSmallIntegerField(
        _("the routine is proposed at (% absence, last four weeks)"), default=DEFAULT_THRESHOLDS["routine_percent"]
    )
    routine_days = models.PositiveSmallIntegerField(
        _("or at this many whole school days absent in a row"), default=DEFAULT_THRESHOLDS["routine_days"]
    )
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        verbose_name = _("absence thresholds")
        verbose_name_plural = _("absence thresholds")
        constraints = [
            models.CheckConstraint(
                condition=Q(mentor_percent__gt=0)
                & Q(mentor_percent__lte=F("student_health_percent"))
                & Q(student_health_percent__lte=F("routine_percent"))
                & Q(routine_percent__lte=100)
                & Q(routine_days__gt=0),
                name="thresholds_in_order",
                violation_error_message=_(
                    "The thresholds must rise: the mentor's ≤ the student health team's ≤ the routine's, "
                    "between 1 and 100 per cent, and the days in a row at least 1."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.principal_id}: {self.mentor_percent}/{self.student_health_percent}/{self.routine_percent} %"


class Level(models.TextChoices):
    """The levels of early warning, lowest first; each says who acts."""

    MENTOR = "mentor", _("The mentor contacts home")
    STUDENT_HEALTH = "student_health", _("The student health team")
    ROUTINE = "routine", _("The routine for problematic school absence is proposed")


LEVEL_ORDER = [Level.MENTOR, Level.STUDENT_HEALTH, Level.ROUTINE]


class Signal(models.Model):
    """A pupil's absence crossed a threshold: raised once per level and term, never again each night.

    At the routine level it is the rektor's to decide (start the routine or not), and the
    rektor's investigation and report to the principal (Skollagen 7 kap. 19 a §) are tracked here."""

    child = models.ForeignKey("people.Child", verbose_name=_("child"), on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey("organisations.Agency", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("organisations.Unit", verbose_name=_("school"), on_delete=models.PROTECT, related_name="+")
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    term_start = models.DateField(_("term"))
    raised_on = models.DateField(_("raised"))
    percent = models.DecimalField(_("absence, last four weeks (%)"), max_digits=4, decimal_places=1)
    days_in_row = models.PositiveSmallIntegerField(_("whole days absent in a row"), default=0)
    journey_id = models.IntegerField(_("journey"), null=True, blank=True)  # routines.Journey, once started
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    investigated_on = models.DateField(_("investigated"), null=True, blank=True)
    investigated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    reported_on = models.DateField(_("reported to the principal"), null=True, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        verbose_name = _("absence signal")
        verbose_name_plural = _("absence signals")
        constraints = [
            models.UniqueConstraint(fields=["child", "level", "term_start"], name="signal_once_per_level_and_term")
        ]
        indexes = [models.Index(fields=["unit", "term_start"], name="signal_unit_term_idx")]

    def __str__(self) -> str:
        return f"{self.child_id} {self.level} {self.raised_on}"


class AbsenceImport(models.Model):
    """One file of absence and what it did. The file is kept only until it is imported (or, after
    a clean preview, until it is confirmed); then counts and row errors, never person data."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Done")
        REFUSED = "refused", _("Refused")

    class Source(models.TextChoices):
        UPLOAD = "upload", _("Uploaded")
        DROP_FOLDER = "drop_folder", _("Drop folder")
        COMMAND = "command", _("Command")

    #: The school whose pupils the file is about; the uploader (none for the drop folder).
    unit = models.ForeignKey("organisations.Unit", on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    membership = models.ForeignKey(
        "organisations.Membership", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.UPLOAD)
    file_kind = models.CharField(max_length=10)
    content = models.BinaryField(default=b"")
    sha256 = models.CharField(max_length=64, blank=True, default="")
    dry_run = models.BooleanField(default=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    added = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list)
    error_count = models.PositiveIntegerField(default=0)
    uploaded_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("absence import")
        verbose_name_plural = _("absence imports")
        indexes = [models.Index(fields=["unit", "uploaded_at"], name="absence_import_idx")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.uploaded_at:%Y-%m-%d %H:%M}"

    @property
    def percent_done(self) -> int:
        return int(100 * self.rows_done / self.rows_total) if self.rows_total else 0
