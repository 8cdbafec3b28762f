"""Routines (who does what, in which order, by when, under which law) and children's journeys.

A routine has versions; a version has steps joined by branches. Versions are drafted, published
and superseded (the table in `workflow.py`); a journey stays on the version it started on. The
graph of a version is checked by `graph.py` before anything is saved. Routines are not person
data; journeys are, and belong to the agency of the unit that started them (`policies.py`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from lots.organisations.models import Agency
from lots.organisations.roles import Role


class Scenario(models.TextChoices):
    CONCERN_REPORT = "concern_report", _("Concern report from school")
    SCHOOL_ABSENCE = "school_absence", _("Problematic school absence")
    RESOURCE_SCHOOL = "resource_school", _("Placement in a resource school")
    SCHOOL_TRANSITION = "school_transition", _("Transition between school forms")
    PLACED_CHILD = "placed_child", _("Child placed outside the home and compulsory schooling")
    SHELTERED_HOUSING = "sheltered_housing", _("Sheltered housing")
    CUSTODY_DISPUTE = "custody_dispute", _("Custody dispute")
    NEWLY_ARRIVED = "newly_arrived", _("Newly arrived pupil")
    HONOUR = "honour", _("Honour-related situation")
    OTHER = "other", _("Other")


class Routine(models.Model):
    name = models.CharField(_("name"), max_length=200)
    scenario = models.CharField(_("scenario"), max_length=30, choices=Scenario.choices)
    principal = models.ForeignKey(
        "organisations.Principal", verbose_name=_("owning principal"), on_delete=models.PROTECT, related_name="+"
    )
    owner_agency = models.ForeignKey(
        "organisations.Agency",
        verbose_name=_("owning agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    editors = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("editors"), blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("routine")
        verbose_name_plural = _("routines")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["principal", "name"], name="routine_unique_name")]

    def __str__(self) -> str:
        return self.name


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded")


class RoutineVersion(models.Model):
    # Not a field: whether this viewer may edit the version (routines.selectors).
    editable: bool

    routine = models.ForeignKey(Routine, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    summary = models.TextField(_("what the routine is for"), blank=True)
    changes = models.TextField(_("what changed in this version"), blank=True)
    #: Roles (organisations.roles.Role) whose staff must read and acknowledge this version.
    concerns_roles = models.JSONField(_("roles it concerns"), default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("routine version")
        verbose_name_plural = _("routine versions")
        ordering = ["routine", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["routine", "number"], name="routine_version_unique_number"),
            models.UniqueConstraint(
                fields=["routine"], condition=Q(status="published"), name="routine_one_published_version"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False), name="routine_version_published_at"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.routine.name} v{self.number}"

    def concerned_role_labels(self) -> list[str]:
        return [str(Role(r).label) for r in self.concerns_roles if r in Role.values]


class DayKind(models.TextChoices):
    CALENDAR = "calendar", _("calendar days")
    WORKING = "working", _("working days")


class Step(models.Model):
    version = models.ForeignKey(RoutineVersion, on_delete=models.CASCADE, related_name="steps")
    key = models.SlugField(_("key"), max_length=40, help_text=_("A short name for the step, used in branches."))
    order = models.PositiveIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=120)
    # db_default: the scale generator and other bulk writers insert steps without naming it
    title_en = models.CharField(_("title in English"), max_length=120, blank=True, db_default="")
    instructions = models.TextField(_("what to do"), blank=True)
    responsible_role = models.CharField(_("responsible role"), max_length=40, choices=Role.choices, blank=True)
    agency_kind = models.CharField(_("responsible agency"), max_length=20, choices=Agency.Kind.choices)
    deadline_days = models.PositiveIntegerField(_("deadline (days)"), null=True, blank=True)
    deadline_kind = models.CharField(_("counted in"), max_length=10, choices=DayKind.choices, default=DayKind.CALENDAR)
    #: The earlier step the deadline counts from; empty: from the start of the journey.
    relative_to = models.ForeignKey(
        "self", verbose_name=_("counted from"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    legal_references = models.TextField(_("legal references"), blank=True)
    documents = models.TextField(_("documents and links"), blank=True, help_text=_("One per line."))
    interventions = models.ManyToManyField(
        "catalogue.Intervention", verbose_name=_("interventions"), blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["version", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="step_unique_key")]

    def __str__(self) -> str:
        return self.title

    @property
    def label(self) -> str:
        """The step's name in the language of the page: English where the editor gave one."""
        return self.title_en if get_language() == "en" and self.title_en else self.title


class Branch(models.Model):
    """From one step to the next; with a condition when the step has several ways on."""

    from_step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="branches")
    to_step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="+")
    condition = models.CharField(_("condition"), max_length=200, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["from_step", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["from_step", "to_step"], name="branch_unique")]

    def __str__(self) -> str:
        return f"{self.from_step_id} → {self.to_step_id}"


class Acknowledgement(models.Model):
    """A member of staff has read a version (append-only: never changed, never removed)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.ForeignKey(RoutineVersion, on_delete=models.PROTECT, related_name="acknowledgements")
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "version"], name="acknowledgement_once")]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.version_id}"


class JourneyStatus(models.TextChoices):
    OPEN = "open", _("Under way")
    COMPLETED = "completed", _("Completed")


class Journey(models.Model):
    # Not a field: whether the viewer may start a journey (routines.selectors.child_panel).
    _can_start: bool

    # Annotated by the access policy on the rows it reads (`policy.with_grounds`): the ground each
    # is seen under, for the audit log. Not a field; a service passes its ground to `log_access`.
    _ground: str
    _ground_id: int | None

    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="+")
    version = models.ForeignKey(RoutineVersion, on_delete=models.PROTECT, related_name="journeys")
    routine = models.ForeignKey(Routine, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        "organisations.Unit", verbose_name=_("owning unit"), on_delete=models.PROTECT, related_name="+"
    )
    #: The secrecy domain: the agency of the unit that started the journey.
    agency = models.ForeignKey("organisations.Agency", on_delete=models.PROTECT, related_name="+")
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField(_("started"))
    started_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(_("status"), max_length=20, choices=JourneyStatus.choices, default=JourneyStatus.OPEN)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("journey")
        verbose_name_plural = _("journeys")
        indexes = [models.Index(fields=["child", "status"], name="journey_child_idx")]

    def __str__(self) -> str:
        return f"journey {self.pk}"


class StepStatus(models.TextChoices):
    PENDING = "pending", _("Not reached")
    OPEN = "open", pgettext_lazy("journey step", "Open")
    HANDED_OVER = "handed_over", _("Handed over, waiting")
    COMPLETED = "completed", _("Completed")
    SKIPPED = "skipped", _("Skipped")


ACTIVE_STEP_STATUSES = (StepStatus.OPEN, StepStatus.HANDED_OVER)


class JourneyStep(models.Model):
    # Annotated by the access policy on the rows it reads (`policy.with_grounds`): the ground each
    # is seen under, for the audit log. Not a field; a service passes its ground to `log_access`.
    _ground: str
    _ground_id: int | None

    journey = models.ForeignKey(Journey, on_delete=models.PROTECT, related_name="steps")
    step = models.ForeignKey(Step, on_delete=models.PROTECT, related_name="+")
    # The routine and the step's key, copied (they never change) so that the process view groups
    # a routine's steps across versions from this one table's index.
    routine = models.ForeignKey(Routine, on_delete=models.PROTECT, related_name="+")
    step_key = models.CharField(max_length=40)
    status = models.CharField(_("status"), max_length=20, choices=StepStatus.choices, default=StepStatus.PENDING)
    owner_agency = models.ForeignKey("organisations.Agency", on_delete=models.PROTECT, related_name="+")
    owner_unit = models.ForeignKey("organisations.Unit", on_delete=models.PROTECT, related_name="+")
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    entered_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    #: Whole days between entering and leaving the step, for the process view.
    days_in_step = models.PositiveIntegerField(null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    escalation_level = models.PositiveSmallIntegerField(default=0)
    escalated_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["journey", "step__order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["journey", "step"], name="journey_step_once"),
            models.CheckConstraint(condition=~Q(status="skipped") | ~Q(reason=""), name="journey_step_skip_has_reason"),
        ]
        indexes = [
            # Covers the process view's grouped query (an index-only scan on PostgreSQL).
            models.Index(
                fields=["routine", "step_key", "status", "days_in_step", "due_on"], name="journey_step_process_idx"
            ),
            models.Index(fields=["status", "due_on"], name="journey_step_watch_idx"),
        ]

    def __str__(self) -> str:
        return f"journey {self.journey_id}: {self.step_key}"


class Handover(models.Model):
    step = models.ForeignKey(JourneyStep, on_delete=models.PROTECT, related_name="handovers")
    from_agency = models.ForeignKey("organisations.Agency", on_delete=models.PROTECT, related_name="+")
    to_agency = models.ForeignKey("organisations.Agency", on_delete=models.PROTECT, related_name="+")
    to_unit = models.ForeignKey("organisations.Unit", on_delete=models.PROTECT, related_name="+")
    handed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    handed_at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["step"], condition=Q(accepted_at__isnull=True), name="handover_one_pending"
            ),
        ]

    def __str__(self) -> str:
        return f"handover {self.pk}"


class JourneyEvent(models.Model):
    """The journey's history, appended by the services, never edited."""

    class Kind(models.TextChoices):
        STARTED = "started", _("Journey started")
        ENTERED = "entered", _("Step reached")
        TAKEN = "taken", _("Step taken on")
        COMPLETED = "completed", _("Step completed")
        SKIPPED = "skipped", _("Step skipped")
        HANDED_OVER = "handed_over", _("Step handed over")
        ACCEPTED = "accepted", _("Handover accepted")
        ESCALATED = "escalated", _("Raised to a manager")
        ESCALATED_STEERING = "escalated_steering", _("Raised to the steering group")
        FINISHED = "finished", _("Journey completed")

    journey = models.ForeignKey(Journey, on_delete=models.PROTECT, related_name="events")
    step = models.ForeignKey(JourneyStep, null=True, blank=True, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d}"
