from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lots.core.concurrency import Versioned
from lots.retention.registry import Action


class RetentionRule(Versioned):
    """How long one kind of record is kept, for all principals or for one principal.

    Without a rule, the kind's default (declared by its app, from the law) applies. A rule for
    a principal overrides the rule for all.
    """

    kind = models.CharField(_("kind of record"), max_length=80)
    principal = models.ForeignKey(
        "organisations.Principal",
        verbose_name=_("principal"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text=_("Empty: the rule for every principal without a rule of its own."),
    )
    years = models.PositiveSmallIntegerField(_("years"), default=0)
    days = models.PositiveSmallIntegerField(_("days"), default=0)
    action = models.CharField(_("what happens"), max_length=20, choices=Action.choices, default=Action.DELETE)
    decision = models.CharField(
        _("decision"), max_length=300, blank=True, help_text=_("The decision or document retention plan it follows.")
    )
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")
        ordering = ["kind", "principal__name"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "principal"], name="retention_rule_once"),
            models.UniqueConstraint(
                fields=["kind"], condition=Q(principal__isnull=True), name="retention_rule_once_for_all"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} ({self.principal or _('all principals')})"


class CullRun(models.Model):
    """One pass over every kind: a dry run (what would go) or the culling itself."""

    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    dry_run = models.BooleanField(_("dry run"))
    started_by = models.CharField(_("started by"), max_length=150, help_text=_("A user name, or the task."))

    class Meta:
        verbose_name = _("culling run")
        verbose_name_plural = _("culling runs")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{'dry run' if self.dry_run else 'cull'} {self.started_at:%Y-%m-%d %H:%M}"


class CullRecord(models.Model):
    """What one run culled (or would cull) of one kind for one principal: counts, never content."""

    run = models.ForeignKey(CullRun, on_delete=models.PROTECT, related_name="records")
    kind = models.CharField(_("kind of record"), max_length=80)
    principal = models.ForeignKey(
        "organisations.Principal", verbose_name=_("principal"), null=True, blank=True, on_delete=models.SET_NULL
    )
    principal_name = models.CharField(_("principal"), max_length=200, blank=True)
    years = models.PositiveSmallIntegerField(_("years"))
    days = models.PositiveSmallIntegerField(_("days"))
    cutoff = models.DateTimeField(_("older than"))
    action = models.CharField(_("what happened"), max_length=20, choices=Action.choices)
    count = models.PositiveIntegerField(_("records"))
    remaining = models.PositiveIntegerField(_("left for the next run"), default=0)

    class Meta:
        verbose_name = _("culled records")
        verbose_name_plural = _("culled records")
        ordering = ["run", "kind", "principal_name"]

    def __str__(self) -> str:
        return f"{self.kind} {self.principal_name or '*'}: {self.count}"
