"""The committee's targets for the indicators (its internal control plan). Figures are never stored:
they are counted when asked for (lots.followup.selectors)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Target(models.Model):
    """A target for one indicator: for one principal, or for every principal of the agreement."""

    indicator = models.CharField(_("indicator"), max_length=60)
    principal = models.ForeignKey(
        "organisations.Principal",
        verbose_name=_("principal"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: the target of every principal without one of its own."),
    )
    value = models.PositiveIntegerField(_("target"), help_text=_("A count, days, or per cent, as the indicator is."))
    source = models.CharField(_("from"), max_length=200, blank=True, help_text=_("The control plan that sets it."))

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "principal"], name="followup_target_once"),
            models.UniqueConstraint(
                fields=["indicator"], condition=Q(principal__isnull=True), name="followup_target_once_for_all"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value}"
