"""Systems that call the API: a client per system, and the tokens it presents.

A client acts as one member of staff or a system identity (a user without a password) and
only in the agencies it is given, so the access policy judges its calls exactly as it judges
that person's pages. A token is stored as a prefix (to find it) and the SHA-256 of its secret
(to check it); the secret itself is shown once, when the token is made.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Scope(models.TextChoices):
    READ = "read", pgettext_lazy("scope", "Read")
    WRITE = "write", _("Read and write")


class ApiClient(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    principal = models.ForeignKey(
        "organisations.Principal", verbose_name=_("owned by"), on_delete=models.PROTECT, related_name="+"
    )
    acting_as = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acts as"),
        on_delete=models.PROTECT,
        related_name="api_clients",
        help_text=_("The member of staff or system identity whose memberships and access the client uses."),
    )
    agencies = models.ManyToManyField(
        "organisations.Agency",
        verbose_name=_("may act for"),
        related_name="+",
        help_text=_("The client acts only in a membership of one of these agencies."),
    )
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices, default=Scope.READ)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def may_write(self) -> bool:
        return self.scope == Scope.WRITE


class ApiToken(models.Model):
    client = models.ForeignKey(ApiClient, verbose_name=_("client"), on_delete=models.CASCADE, related_name="tokens")
    prefix = models.CharField(_("prefix"), max_length=12, unique=True)
    secret_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.client} ({self.prefix}…)"
