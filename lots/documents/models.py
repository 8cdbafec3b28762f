import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Document(models.Model):
    """An uploaded file attached to a record (first: a scanned consent form).

    The file lives outside the web root under a random name (`storage_name`); the name the
    uploader gave is kept only in a sanitised form, for the download's Content-Disposition.
    It is read only through the record it is attached to, on the same ground (documents.selectors).
    """

    # Annotated by the access policy on the rows it reads (`policy.with_grounds`): the ground each
    # is seen under, for the audit log. Not a field; a service passes its ground to `log_access`.
    _ground: str
    _ground_id: int | None

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner_type = models.CharField(_("attached to"), max_length=40)
    owner_id = models.BigIntegerField()
    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="documents")
    agency = models.ForeignKey(
        "organisations.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("file name"), max_length=120)
    content_type = models.CharField(_("type"), max_length=40)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64)
    storage_name = models.CharField(max_length=80, unique=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(pgettext_lazy("document", "uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["uploaded_at"]
        indexes = [models.Index(fields=["owner_type", "owner_id"], name="document_owner_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.owner_type} {self.owner_id})"
