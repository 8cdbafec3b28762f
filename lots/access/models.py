import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lots.access.secrecy import CrossPrincipalGround, InformationKind, Purpose, bits_to_kinds


@dataclass(frozen=True)
class Term:
    """When a row grants access: from `start` (set, and not later than the moment) until `end`
    (open while it is null or later than the moment), unless `closed` has been set (a withdrawal).

    The one statement of when an assignment, a consent and a break the glass hold. The querysets'
    `active()` (`q`), the SQL the access policy writes for every read (`sql`, used by
    `lots.access.conditions` and by apps' own grounds such as a SIP's participants) and the check
    of a row already read (`holds`) are all made from it, so they cannot disagree
    (`lots/access/tests/test_grounds_agree.py` holds them to it on both databases). The names are
    the fields', which are also their columns."""

    start: str
    end: str
    closed: str | None = None
    #: The SQL's text for each alias it was asked for (`sql`), written once.
    _texts: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)

    def q(self, at: dt.datetime, prefix: str = "") -> Q:
        """As an ORM filter; `prefix`: the path to the row ("assignment__")."""
        start, end = f"{prefix}{self.start}", f"{prefix}{self.end}"
        q = Q(**{f"{start}__lte": at}) & (Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gt": at}))
        if self.closed is not None:
            q &= Q(**{f"{prefix}{self.closed}__isnull": True})
        return q

    def sql(self, alias: str, at: Any) -> tuple[str, list]:
        """As SQL about the row aliased `alias`; `at` the moment as the database takes it (the
        connection's `adapt_datetimefield_value`). A parameter, never written into the text, which
        is the same for every read and is written once (the policy asks it in every read)."""
        text = self._texts.get(alias)
        if text is None:
            text = self._texts[alias] = _term_sql(self, alias)
        return text, [at, at]

    def holds(self, row: models.Model, at: dt.datetime) -> bool:
        """For a row already read."""
        start, end = getattr(row, self.start), getattr(row, self.end)
        closed = getattr(row, self.closed) if self.closed is not None else None
        return start is not None and start <= at and (end is None or end > at) and closed is None


def _term_sql(term: Term, alias: str) -> str:
    sql = f"{alias}.{term.start} <= %s AND ({alias}.{term.end} IS NULL OR {alias}.{term.end} > %s)"
    if term.closed is not None:
        sql += f" AND {alias}.{term.closed} IS NULL"
    return sql


#: An assignment gives need to know from its start until its end.
ASSIGNMENT_TERM = Term(start="starts_at", end="ends_at")
#: A consent holds from the moment it is complete until it expires or is withdrawn.
CONSENT_TERM = Term(start="effective_at", end="valid_until", closed="withdrawn_at")
#: A break the glass is open from its start until it expires.
BREAK_GLASS_TERM = Term(start="started_at", end="expires_at")


class AssignmentSource(models.TextChoices):
    """Where an assignment came from (issue 21)."""

    MANAGER = "manager", _("A manager's decision")
    IMPORT = "import", _("The school administration system's file")
    API = "api", _("An agency's record system (API)")
    INVESTIGATION = "investigation", _("An investigation opened")
    HANDOVER = "handover", _("A handed-over step accepted")
    REQUEST = "request", _("A request for help accepted")
    PARTICIPATION = "participation", _("Taking part in a shared process")
    TRANSFER = "transfer", _("Handed over from a colleague")


class AssignmentEnd(models.TextChoices):
    """Why an assignment ended (issue 21)."""

    BY_HAND = "by_hand", _("Ended by hand")
    DECLINED = "declined", _("Declined by the staff member")
    HANDED_OVER = "handed_over", _("Handed over to a colleague")
    SOURCE = "source", _("Its source said so")
    LEFT_SCHOOL = "left_school", _("The pupil left the school")
    MEMBERSHIP = "membership", _("The staff member left the unit")
    PARTICIPATION = "participation", _("The shared process ended")


class AssignmentQuerySet(models.QuerySet):
    def active(self, at: dt.datetime | None = None):
        return self.filter(ASSIGNMENT_TERM.q(at or timezone.now()))


class Assignment(models.Model):
    """Need to know: a member of staff works with a child, in a unit, for a reason, for a time."""

    class Reason(models.TextChoices):
        MENTOR = "mentor", _("Mentor or teacher of the child")
        STUDENT_HEALTH = "student_health", _("Student health contact")
        CASE = "case", _("Case responsibility")
        TREATMENT = "treatment", _("Treatment or care contact")
        SIP_PARTICIPANT = "sip_participant", _("Participant in a SIP")
        FAMILY_COORDINATION = "family_coordination", _("Family coordination")
        INTAKE = "intake", _("Handling a concern report or a request")
        OTHER = "other", _("Other")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    child = models.ForeignKey(
        "people.Child",
        verbose_name=_("child"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    reason = models.CharField(_("reason"), max_length=30, choices=Reason.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    starts_at = models.DateTimeField(_("starts"), default=timezone.now)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    # Where the assignment came from and how it ended (lots.access.assignments; issue 21).
    source = models.CharField(
        _("source"), max_length=20, choices=AssignmentSource.choices, default="manager", db_default="manager"
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now, db_default=Now())
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    end_reason = models.CharField(
        _("why it ended"), max_length=20, choices=AssignmentEnd.choices, blank=True, default="", db_default=""
    )
    end_note = models.CharField(_("note on the end"), max_length=300, blank=True, default="", db_default="")
    handed_over_to = models.ForeignKey(
        "self",
        verbose_name=_("handed over to"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        indexes = [
            models.Index(fields=["child", "user"], name="assignment_child_user_idx"),
            models.Index(fields=["child", "unit"], name="assignment_child_unit_idx"),
            models.Index(fields=["user", "ends_at"], name="assignment_user_idx"),
            models.Index(fields=["unit", "ends_at", "child"], name="assignment_unit_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
                name="assignment_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.child_id} ({self.get_reason_display()})"


class ConsentQuerySet(models.QuerySet):
    def active(self, at: dt.datetime | None = None):
        """Complete, begun, not expired, not withdrawn."""
        return self.filter(CONSENT_TERM.q(at or timezone.now()))


class Consent(models.Model):
    """Permission from the guardians (and the child) for named agencies to share, for a purpose.

    `effective_at` is set by the services when the consent becomes complete: every guardian
    with custody has consented, or a recorded ground says one suffices.
    """

    # Not fields: access.selectors.consents_for_child sets the agencies and parties it read with
    # the consent.
    named_agencies: "list[ConsentAgency]"
    named_parties: "list[ConsentParty]"

    class Form(models.TextChoices):
        SIGNED_PAPER = "signed_paper", _("Signed on paper (scanned)")
        IN_MEETING = "in_meeting", _("Given in a meeting and noted")
        DIGITAL = "digital", _("Given digitally")

    child = models.ForeignKey(
        "people.Child", verbose_name=_("child"), on_delete=models.CASCADE, related_name="consents"
    )
    purpose = models.CharField(_("purpose"), max_length=30, choices=Purpose.choices)
    reference_id = models.BigIntegerField(
        _("reference"),
        null=True,
        blank=True,
        help_text=_("The plan or case the purpose names, if any."),
    )
    purpose_text = models.CharField(_("purpose in words"), max_length=300, blank=True)
    information_kinds = models.PositiveIntegerField(_("kinds of information"))
    form = models.CharField(_("form"), max_length=20, choices=Form.choices)
    noted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("noted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_in = models.ForeignKey(
        "organisations.Agency",
        verbose_name=_("recorded in"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)
    single_guardian_ground = models.CharField(
        _("ground for one guardian's consent"),
        max_length=300,
        blank=True,
        help_text=_("Why the consent of one guardian suffices, where two have custody."),
    )
    effective_at = models.DateTimeField(_("in effect from"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by_name = models.CharField(_("withdrawn by"), max_length=200, blank=True)
    withdrawal_noted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["child", "purpose", "reference_id"], name="consent_lookup_idx")]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.pk})"

    def is_active(self, at: dt.datetime | None = None) -> bool:
        return CONSENT_TERM.holds(self, at or timezone.now())

    def covers(self, kind: InformationKind) -> bool:
        return bool(self.information_kinds & int(kind))

    @property
    def kind_labels(self) -> list[str]:
        return [kind.label for kind in bits_to_kinds(self.information_kinds)]


class ConsentAgency(models.Model):
    """An agency named in a consent, and in which direction information may flow."""

    consent = models.ForeignKey(Consent, on_delete=models.CASCADE, related_name="agencies")
    agency = models.ForeignKey("organisations.Agency", verbose_name=_("agency"), on_delete=models.PROTECT)
    shares = models.BooleanField(_("may share"), default=True)
    receives = models.BooleanField(_("may receive"), default=True)

    class Meta:
        verbose_name = _("agency in consent")
        verbose_name_plural = _("agencies in consent")
        constraints = [models.UniqueConstraint(fields=["consent", "agency"], name="consent_agency_unique")]

    def __str__(self) -> str:
        return f"{self.agency_id} ({'shares' if self.shares else ''} {'receives' if self.receives else ''})"


class ConsentParty(models.Model):
    """One person's part in a consent: a guardian's consent, or the child's own view."""

    class Role(models.TextChoices):
        GUARDIAN = "guardian", _("Guardian")
        CHILD = "child", _("The child")

    consent = models.ForeignKey(Consent, on_delete=models.CASCADE, related_name="parties")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    guardian = models.ForeignKey(
        "people.RelatedPerson",
        verbose_name=_("guardian"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    agrees = models.BooleanField(_("agrees"), default=True)
    child_age = models.PositiveSmallIntegerField(_("child's age"), null=True, blank=True)
    view_in_words = models.TextField(_("the view in the person's words"), blank=True)
    given_at = models.DateTimeField(_("given"), default=timezone.now)

    class Meta:
        verbose_name = _("consent party")
        verbose_name_plural = _("consent parties")
        constraints = [
            models.UniqueConstraint(fields=["consent", "guardian"], name="consent_party_unique_guardian"),
            models.CheckConstraint(
                condition=Q(role="child") | Q(guardian__isnull=False),
                name="consent_party_guardian_named",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.guardian_id or ''}: {'yes' if self.agrees else 'no'}"


class BreakGlassQuerySet(models.QuerySet):
    def active(self, at: dt.datetime | None = None):
        """Open: begun and not yet expired."""
        return self.filter(BREAK_GLASS_TERM.q(at or timezone.now()))


class BreakGlass(models.Model):
    """Access outside the ordinary grounds: a reason, a time limit, a review."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="break_glass")
    membership = models.ForeignKey("organisations.Membership", on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("organisations.Agency", on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="break_glass")
    reason = models.TextField(_("reason"))
    cross_principal_ground = models.CharField(
        _("ground across principals"),
        max_length=30,
        choices=CrossPrincipalGround.choices,
        blank=True,
        default="",
        db_default="",  # rows written in bulk (the scale generator) name no ground
        help_text=_("The documented ground, where the child belongs to another principal than the staff member's."),
    )
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    review_comment = models.TextField(_("review comment"), blank=True)

    objects = BreakGlassQuerySet.as_manager()

    class Meta:
        verbose_name = _("break-the-glass access")
        verbose_name_plural = _("break-the-glass accesses")
        indexes = [models.Index(fields=["child", "user", "expires_at"], name="break_glass_lookup_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(expires_at__gt=F("started_at")), name="break_glass_expires_later")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.child_id} until {self.expires_at:%Y-%m-%d %H:%M}"


#: A clearance holds until it is revoked (at most one such per person and child).
CLEARANCE_OPEN = Q(revoked_at__isnull=True)


class ProtectedClearanceQuerySet(models.QuerySet):
    def open(self):
        return self.filter(CLEARANCE_OPEN)


class ProtectedClearance(models.Model):
    """A member of staff explicitly cleared to see where a protected child lives and goes to school."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="clearances")
    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="clearances")
    reason = models.CharField(_("reason"), max_length=300)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField(_("granted"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ProtectedClearanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("protected-identity clearance")
        verbose_name_plural = _("protected-identity clearances")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "child"],
                condition=CLEARANCE_OPEN,
                name="clearance_one_open",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} cleared for {self.child_id}"


class AssignmentEvent(models.Model):
    """One change of an assignment, kept for ever (append-only): the child's history of who
    worked around the child, and when, and who decided it (issue 21)."""

    class Kind(models.TextChoices):
        STARTED = "started", _("Assigned")
        ENDED = "ended", _("Ended")
        DECLINED = "declined", pgettext_lazy("consent party", "Declined")
        HANDED_OVER = "handed_over", _("Handed over")
        END_CHANGED = "end_changed", _("End date changed")

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="events")
    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("what happened"), max_length=20, choices=Kind.choices)
    at = models.DateTimeField(_("when"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+", null=True
    )
    api_client_id = models.BigIntegerField(null=True, blank=True)
    source = models.CharField(_("source"), max_length=20, choices=AssignmentSource.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("assignment event")
        verbose_name_plural = _("assignment events")
        indexes = [models.Index(fields=["child", "at"], name="assignment_event_child_idx")]

    def __str__(self) -> str:
        return f"{self.assignment_id}: {self.kind}"
