"""Concern reports (orosanmälan) and requests for help through the shared entry point.

A concern report belongs to the social services agency that receives it (its secrecy domain):
it is a disclosure to that agency under the duty to report (SoL 19 kap. 1 §, OSL 10 kap. 28 §).
The reporter keeps a right to see what they wrote and the feedback the law allows, nothing more.
History is appended (`ReportEvent`, `RequestEvent`), never edited.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    INVESTIGATION_OPENED = "investigation_opened", _("Investigation opened")
    NOT_OPENED = "not_opened", _("No investigation opened")
    ALREADY_ONGOING = "already_ongoing", _("Investigation already under way")
    INVESTIGATION_CONCLUDED = "investigation_concluded", _("Investigation concluded")


#: Reports still at reception or under investigation: what the queue and the deadlines watch.
OPEN_REPORT_STATUSES = (ReportStatus.RECEIVED, ReportStatus.INVESTIGATION_OPENED)


class ReporterKind(models.TextChoices):
    SCHOOL = "school", _("School")
    PRESCHOOL = "preschool", _("Preschool")
    HEALTH_CARE = "health_care", _("Health care")
    SOCIAL_SERVICES = "social_services", _("Social services")
    POLICE = "police", _("Police")
    OTHER = "other", _("Other")


class Violence(models.TextChoices):
    NONE = "none", _("No")
    SUBJECTED = "subjected", _("The child has been subjected to violence")
    WITNESSED = "witnessed", _("The child has witnessed violence in a close relationship")
    BOTH = "both", _("Both")


class GuardiansInformed(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")


class ProtectionOutcome(models.TextChoices):
    NO_IMMEDIATE_NEED = "no_immediate_need", _("No need of immediate protection")
    IMMEDIATE_PROTECTION = "immediate_protection", _("Immediate protection needed and arranged")


class ConcernReport(models.Model):
    # Annotated by the access policy on the rows it reads (`policy.with_grounds`): the ground each
    # is seen under, for the audit log. Not a field; a service passes its ground to `log_access`.
    _ground: str
    _ground_id: int | None

    receiving_agency = models.ForeignKey(
        "organisations.Agency",
        verbose_name=_("social services"),
        on_delete=models.PROTECT,
        related_name="concern_reports",
    )
    receiving_unit = models.ForeignKey(
        "organisations.Unit", verbose_name=_("reception"), on_delete=models.PROTECT, related_name="+"
    )
    child = models.ForeignKey(
        "people.Child",
        verbose_name=_("child"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="concern_reports",
    )
    # What the reporter gave about the child: kept as written, shown back only to the reporter.
    child_name_given = models.CharField(_("the child's name as reported"), max_length=200, blank=True)
    child_number_given = models.CharField(_("identity number as reported"), max_length=12, blank=True)
    child_details_given = models.TextField(_("what else is known about the child"), blank=True)

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reporter"), on_delete=models.PROTECT, related_name="+"
    )
    reporter_unit = models.ForeignKey(
        "organisations.Unit", verbose_name=_("reporter's unit"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    reporter_kind = models.CharField(_("reporter's activity"), max_length=20, choices=ReporterKind.choices)
    reporter_name = models.CharField(_("reporter's name"), max_length=200)
    reporter_phone = models.CharField(_("reporter's phone"), max_length=40, blank=True)
    reporter_email = models.EmailField(_("reporter's e-mail"), blank=True)

    observed = models.TextField(_("what was seen or heard"))
    observed_on = models.DateField(_("when"))
    violence = models.CharField(_("violence"), max_length=20, choices=Violence.choices, default=Violence.NONE)
    guardians_informed = models.CharField(
        _("guardians told of the report"), max_length=5, choices=GuardiansInformed.choices
    )
    guardians_not_informed_reason = models.TextField(_("why the guardians were not told"), blank=True)
    feedback_requested = models.BooleanField(_("the reporter asks for feedback"), default=True)
    # When the reporter asked after filing (empty when asked in the report itself): asked after
    # the decision, the feedback is due at once (SoL 19 kap. 6 §, `deadlines.feedback_deadline`).
    feedback_requested_at = models.DateTimeField(_("feedback asked for after filing"), null=True, blank=True)

    received_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    status = models.CharField(_("status"), max_length=30, choices=ReportStatus.choices, default=ReportStatus.RECEIVED)
    version = models.PositiveIntegerField(default=1)

    # Each step, as reception records it (the history is in ReportEvent).
    protection_assessed_at = models.DateTimeField(_("protection assessment made"), null=True, blank=True)
    protection_assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    protection_outcome = models.CharField(
        _("outcome of the protection assessment"), max_length=30, choices=ProtectionOutcome.choices, blank=True
    )
    protection_note = models.TextField(_("protection assessment"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    decision_ground = models.TextField(_("legal ground"), blank=True)
    investigation_reference = models.CharField(
        _("the investigation in the case record system"), max_length=100, blank=True
    )
    investigation_due_on = models.DateField(_("investigation to be concluded by"), null=True, blank=True)
    investigation_extension_reason = models.TextField(_("reason for the extension"), blank=True)
    investigation_concluded_at = models.DateTimeField(_("investigation concluded"), null=True, blank=True)
    feedback_given_at = models.DateTimeField(_("feedback given"), null=True, blank=True)
    reporter_meeting_offered_at = models.DateTimeField(_("meeting offered to the reporter"), null=True, blank=True)
    family_meeting_offered_at = models.DateTimeField(
        _("meeting offered to the child and guardians"), null=True, blank=True
    )

    # The earliest open deadline, computed by `deadlines` whenever the report changes, so that
    # the queue sorts and filters by deadline status in the database.
    next_deadline_on = models.DateField(null=True, blank=True)
    next_deadline_rule = models.CharField(max_length=40, blank=True)

    class Meta:
        verbose_name = _("concern report")
        verbose_name_plural = _("concern reports")
        constraints = [
            models.CheckConstraint(
                condition=~Q(guardians_informed="no") | ~Q(guardians_not_informed_reason=""),
                name="concern_report_reason_when_guardians_not_told",
            ),
        ]
        indexes = [
            models.Index(fields=["receiving_agency", "next_deadline_on", "received_at"], name="report_queue_idx"),
            models.Index(fields=["reporter", "received_at"], name="report_reporter_idx"),
            models.Index(fields=["child", "receiving_agency"], name="report_child_idx"),
        ]

    def __str__(self) -> str:
        return f"{_('Concern report')} {self.pk}"

    @property
    def concerns_violence(self) -> bool:
        return self.violence != Violence.NONE

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REPORT_STATUSES


class ReportEvent(models.Model):
    """One step in a report's history. Appended by the services, never changed."""

    # Not a field: the event in words, set by the selectors (`lots.intake.history`).
    sentence: str

    class Kind(models.TextChoices):
        RECEIVED = "received", _("Report received")
        CHILD_LINKED = "child_linked", _("Linked to the child's record")
        PROTECTION_ASSESSED = "protection_assessed", _("Protection assessment made")
        DECIDED = "decided", _("Decision recorded")
        EXTENDED = "extended", _("Investigation time extended")
        CONCLUDED = "concluded", _("Investigation concluded")
        FEEDBACK_REQUESTED = "feedback_requested", _("The reporter asked for feedback")
        FEEDBACK_GIVEN = "feedback_given", _("Feedback given to the reporter")
        MEETING_OFFERED = "meeting_offered", _("Meeting offered")
        REMINDED = "reminded", _("Reminder sent")
        ESCALATED = "escalated", _("Overdue: raised to the unit manager")

    report = models.ForeignKey(ConcernReport, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("what"), max_length=30, choices=Kind.choices)
    at = models.DateTimeField(_("when"), default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    from_status = models.CharField(max_length=30, blank=True)
    to_status = models.CharField(max_length=30, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("report event")
        verbose_name_plural = _("report events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.report_id}: {self.kind}"


# The shared entry point -------------------------------------------------------------------------


class EntryPoint(models.Model):
    """The shared door of a municipality. Its unit's staff coordinate; its manager is escalated to."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    unit = models.ForeignKey(
        "organisations.Unit", verbose_name=_("coordinating unit"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("shared entry point")
        verbose_name_plural = _("shared entry points")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Need(models.TextChoices):
    SCHOOL_ABSENCE = "school_absence", _("School absence")
    LEARNING = "learning", _("Learning and special support")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    NEUROPSYCHIATRIC = "neuropsychiatric", _("Neuropsychiatric difficulties")
    DISABILITY = "disability", _("Disability and LSS")
    FAMILY_SUPPORT = "family_support", _("Parenting and family support")
    ECONOMY_HOUSING = "economy_housing", _("Economy and housing")
    SUBSTANCE = "substance", _("Alcohol, drugs or crime")
    OTHER = "other", _("Other")


class RoutingRule(models.Model):
    """The editable routing table: for a need, which unit to suggest and which routine to follow.

    A stand-in until the catalogue and routines apps exist; `routing.suggest()` is the seam.
    """

    need = models.CharField(_("need"), max_length=30, choices=Need.choices)
    unit = models.ForeignKey("organisations.Unit", verbose_name=_("unit to suggest"), on_delete=models.CASCADE)
    routine = models.CharField(_("routine"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=10)

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        ordering = ["need", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["need", "unit"], name="routing_rule_unique")]

    def __str__(self) -> str:
        return f"{self.get_need_display()} → {self.unit}"


class RequestStatus(models.TextChoices):
    NEW = "new", _("New")
    FORWARDED = "forwarded", _("Forwarded")
    ACCEPTED = "accepted", _("Accepted")
    CLOSED = "closed", _("Closed")


class HelpRequest(models.Model):
    """A request for help through the shared entry point, made with the family's consent."""

    # Annotated by the access policy on the rows it reads (`policy.with_grounds`): the ground each
    # is seen under, for the audit log. Not a field; a service passes its ground to `log_access`.
    _ground: str
    _ground_id: int | None

    entry_point = models.ForeignKey(EntryPoint, on_delete=models.PROTECT, related_name="requests")
    owning_agency = models.ForeignKey(
        "organisations.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    child = models.ForeignKey(
        "people.Child", null=True, blank=True, on_delete=models.PROTECT, related_name="help_requests"
    )
    who_given = models.CharField(_("who the request is about"), max_length=200)
    needs = models.JSONField(_("needs"), default=list)
    description = models.TextField(_("the need in words"))
    family_consents = models.BooleanField(_("the family agrees to the request being shared"), default=False)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requester_unit = models.ForeignKey(
        "organisations.Unit", null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("from")
    )
    created_at = models.DateTimeField(_("received"), default=timezone.now)
    status = models.CharField(_("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.NEW)
    accept_due_on = models.DateField(_("to be accepted by"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("request for help")
        verbose_name_plural = _("requests for help")
        indexes = [models.Index(fields=["entry_point", "status", "created_at"], name="request_queue_idx")]

    def __str__(self) -> str:
        return f"{_('Request')} {self.pk}"

    @property
    def need_labels(self) -> list[str]:
        return [str(Need(n).label) for n in self.needs if n in Need.values]


class ForwardStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class Forward(models.Model):
    """The request sent on to one unit, and that unit's answer."""

    request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="forwards")
    unit = models.ForeignKey("organisations.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    forwarded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    forwarded_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=20, choices=ForwardStatus.choices, default=ForwardStatus.PENDING)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("forward")
        verbose_name_plural = _("forwards")
        ordering = ["forwarded_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["request", "unit"], name="forward_once_per_unit")]

    def __str__(self) -> str:
        return f"{self.request_id} → {self.unit_id}"


class RequestEvent(models.Model):
    """The journey of a request: every forward and answer, appended, never changed."""

    # Not a field: the event in words, set by the selectors (`lots.intake.history`).
    sentence: str

    class Kind(models.TextChoices):
        CREATED = "created", _("Request received")
        FORWARDED = "forwarded", _("Forwarded")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        ESCALATED = "escalated", _("No one accepted in time: raised to the entry point's manager")
        CLOSED = "closed", _("Closed")

    request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("organisations.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)

    class Meta:
        verbose_name = _("request event")
        verbose_name_plural = _("request events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.kind}"
