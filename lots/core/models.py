from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SubmissionKey(models.Model):
    """A submission seen once: the key a form or an API call carried, claimed by its user in a
    scope, and what the first submission made (see `lots.core.idempotency`)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    scope = models.CharField(max_length=80)
    key = models.CharField(max_length=64)
    result = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("submission key")
        verbose_name_plural = _("submission keys")
        constraints = [models.UniqueConstraint(fields=["user", "scope", "key"], name="submission_key_once")]
        indexes = [models.Index(fields=["created_at"], name="submission_key_created_idx")]

    def __str__(self) -> str:
        return f"{self.scope}:{self.key}"
