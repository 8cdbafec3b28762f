from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserSession(models.Model):
    """A signed-in session of a member of staff, so that "sign out everywhere" can end them all.

    Recorded when the sign-in succeeds (password or identity provider); the session itself lives
    in Django's session store and still ends after inactivity.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signed_in_sessions", verbose_name=_("user")
    )
    session_key = models.CharField(max_length=40, unique=True)
    signed_in_at = models.DateTimeField(_("signed in"), default=timezone.now)
    method = models.CharField(_("method"), max_length=20)
    user_agent = models.CharField(_("browser"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("signed-in session")
        verbose_name_plural = _("signed-in sessions")
        indexes = [models.Index(fields=["user", "signed_in_at"], name="user_session_user_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.signed_in_at:%Y-%m-%d %H:%M} ({self.method})"


class ExternalIdentity(models.Model):
    """Links a member of staff to their identity at the identity provider by a stable claim.

    An administrator makes the link (or it is made once from a matching user name); the IdP
    never creates users and never gives roles.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="external_identities", verbose_name=_("user")
    )
    issuer = models.CharField(_("issuer"), max_length=300)
    subject = models.CharField(_("subject"), max_length=255, help_text=_("The value of the stable claim."))
    linked_at = models.DateTimeField(_("linked"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("external identity")
        verbose_name_plural = _("external identities")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="external_identity_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.subject})"


class TaskFailure(models.Model):
    """A background task that failed after every try: kept for the operators until handled."""

    task_path = models.CharField(_("task"), max_length=200)
    task_result_id = models.CharField(_("task result"), max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(_("tries"))
    error = models.CharField(_("error"), max_length=300, help_text=_("The exception's type, never person data."))
    failed_at = models.DateTimeField(_("failed"), default=timezone.now)
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)

    class Meta:
        verbose_name = _("failed task")
        verbose_name_plural = _("failed tasks")
        ordering = ["-failed_at"]

    def __str__(self) -> str:
        return f"{self.task_path} ({self.failed_at:%Y-%m-%d %H:%M})"


class EnrolmentLink(models.Model):
    """A one-time link an administrator issues so that a member of staff enrols an authenticator.

    Only the SHA-256 of the link's secret is stored; the link is shown once, to the administrator
    who issues it. It works once, for the user it names, until it expires.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolment_links", verbose_name=_("user")
    )
    token_hash = models.CharField(max_length=64, unique=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("issued by")
    )
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment link")
        verbose_name_plural = _("enrolment links")

    def __str__(self) -> str:
        return f"{self.user} {self.issued_at:%Y-%m-%d %H:%M}"
