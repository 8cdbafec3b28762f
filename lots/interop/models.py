"""An import of pupils from the school administration system: the uploaded file until it has
been run, then only what happened (counts, row numbers and reasons; never a person's data)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ChildImport(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to run")
        DONE = "done", _("Done")
        REFUSED = "refused", _("Refused: nothing was imported")

    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    membership = models.ForeignKey("organisations.Membership", on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    file_kind = models.CharField(max_length=10)
    content = models.BinaryField(blank=True, default=b"")
    dry_run = models.BooleanField(_("preview only"), default=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    outcomes = models.JSONField(default=list, blank=True)
    #: What the import did to mentor assignments (counts; issue 21): started, ended, left.
    assignments = models.JSONField(default=dict, blank=True, db_default={})

    class Meta:
        verbose_name = _("import of pupils")
        verbose_name_plural = _("imports of pupils")
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(file_kind__in=["csv", "xlsx"]), name="child_import_file_kind")
        ]

    def __str__(self) -> str:
        return f"import {self.pk} ({self.status})"
