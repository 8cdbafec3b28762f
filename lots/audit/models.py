from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Action(models.TextChoices):
    VIEW = "view", _("Viewed")
    LIST = "list", _("Shown in a list")
    SEARCH = "search", _("Found by a search")
    CREATE = "create", pgettext_lazy("access log", "Created")
    CHANGE = "change", pgettext_lazy("access log", "Changed")
    DELETE = "delete", _("Deleted")
    EXPORT = "export", _("Exported")
    PRINT = "print", _("Printed")
    DENIED = "denied", _("Denied attempt")
    BREAK_GLASS = "break_glass", _("Broke the glass")
    LOG_REVIEW = "log_review", _("Read the access log")


class Flag(models.IntegerChoices):
    """Why an access is shown in the review report. Stored as bits in the hashed row."""

    BREAK_GLASS = 1, _("Break the glass")
    PROTECTED_IDENTITY = 2, _("Protected identity")
    SAME_SURNAME = 4, _("Same surname as the staff member")
    OUTSIDE_WORKING_HOURS = 8, _("Outside working hours")
    DENIED = 16, _("Denied attempt")


class AuditEntry(models.Model):
    """One access to person data. Append-only: the database refuses UPDATE and DELETE, and each
    row carries the hash of the row before it in its chain (`verify_audit_log` checks the chains).

    Ids of users, children and records are stored as plain numbers, not foreign keys, so
    that the log outlives what it describes.
    """

    at = models.DateTimeField(_("time"), default=timezone.now)
    user_id = models.BigIntegerField(_("user id"), null=True)
    username = models.CharField(_("user"), max_length=150, blank=True)
    membership_id = models.BigIntegerField(null=True)
    agency_id = models.BigIntegerField(null=True)
    role = models.CharField(_("role"), max_length=40, blank=True)
    api_client_id = models.BigIntegerField(null=True)
    action = models.CharField(pgettext_lazy("access log", "action"), max_length=20, choices=Action.choices)
    child_id = models.BigIntegerField(_("child id"), null=True)
    record_type = models.CharField(_("record type"), max_length=80, blank=True)
    record_id = models.CharField(_("record id"), max_length=64, blank=True)
    ground = models.CharField(_("ground"), max_length=40, blank=True)
    ground_id = models.BigIntegerField(_("ground id"), null=True)
    flags = models.PositiveIntegerField(_("flags"), default=0)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    #: A list or search that showed several records writes one row naming them all, each as
    #: {"child", "record", "ground", "ground_id"} (docs/decisions/0007-one-row-per-list.md).
    shown = models.JSONField(_("records shown"), null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    #: Which of the log's independent chains the row links into (LOTS_AUDIT_CHAINS; not hashed,
    #: see docs/decisions/0005-audit-chain-slots.md).
    chain = models.PositiveSmallIntegerField(_("chain"), default=0)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [
            models.Index(fields=["child_id", "at"], name="audit_child_idx"),
            models.Index(fields=["user_id", "at"], name="audit_user_idx"),
            models.Index(fields=["agency_id", "at"], name="audit_agency_idx"),
            models.Index(fields=["at"], condition=models.Q(flags__gt=0), name="audit_flagged_idx"),
            models.Index(fields=["chain", "id"], name="audit_chain_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.record_type}:{self.record_id}"


class ChainHead(models.Model):
    """Where each of the log's chains ends: the hash of its last row, moved in the statement that
    appends to the chain. A writer locks its chain's row (FOR UPDATE SKIP LOCKED) and reads the
    head in one statement; the last row by id was read over every monthly partition's index
    (0.35 ms at 40 partitions, and twelve more a year). The verifier checks that each head is its
    chain's last row (decision 0005)."""

    chain = models.PositiveSmallIntegerField(_("chain"), primary_key=True)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("chain head")
        verbose_name_plural = _("chain heads")

    def __str__(self) -> str:
        return f"chain {self.chain}: {self.hash[:12]}"


class Review(models.Model):
    """An auditor's mark on a flagged access. Kept apart because log rows never change."""

    entry_id = models.BigIntegerField(_("audit entry"), db_index=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed"), default=timezone.now)
    comment = models.TextField(_("comment"))

    class Meta:
        verbose_name = _("log review")
        verbose_name_plural = _("log reviews")
        ordering = ["-reviewed_at"]

    def __str__(self) -> str:
        return f"entry {self.entry_id} reviewed {self.reviewed_at:%Y-%m-%d}"


class AccessBurst(models.Model):
    """A staff member who opened many persons within one hour of one principal's log, counted by
    `services.count_bursts` once the hour has ended, so that the flagged report reads these few
    rows instead of counting a month of the log. Derived from the log; rebuilt from it at will."""

    principal_id = models.BigIntegerField()
    user_id = models.BigIntegerField(null=True)
    username = models.CharField(max_length=150, blank=True)
    hour = models.DateTimeField()
    persons = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("burst of access")
        verbose_name_plural = _("bursts of access")
        indexes = [models.Index(fields=["principal_id", "hour"], name="audit_burst_idx")]

    def __str__(self) -> str:
        return f"{self.hour:%Y-%m-%d %H}:00 {self.username} {self.persons}"


class BurstsCountedUntil(models.Model):
    """How far the log's hours are counted into AccessBurst: every hour before `until` (one row)."""

    until = models.DateTimeField(null=True)

    class Meta:
        verbose_name = _("bursts counted until")
        verbose_name_plural = _("bursts counted until")

    def __str__(self) -> str:
        return f"{self.until}"
