from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class FamilyAccount(models.Model):
    """A guardian's or a young person's sign-in to the family view (decision 0021).

    The sign-in is a `User` without memberships (so that the access log names the reader as it
    names staff), tied here to exactly one person of the register: a related person (a guardian)
    or a child (the young person). Who that person may see, `portal.policies` decides, on every
    request, from the register's relationships and the child's age: nothing is granted here.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="family_account")
    person = models.OneToOneField(
        "people.RelatedPerson", on_delete=models.CASCADE, null=True, blank=True, related_name="family_account"
    )
    child = models.OneToOneField(
        "people.Child", on_delete=models.CASCADE, null=True, blank=True, related_name="family_account"
    )
    created_at = models.DateTimeField(pgettext_lazy("portal", "created"), default=timezone.now)
    last_signed_in_at = models.DateTimeField(_("last signed in"), null=True, blank=True)

    class Meta:
        verbose_name = _("family account")
        verbose_name_plural = _("family accounts")
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, child__isnull=True) | Q(person__isnull=True, child__isnull=False),
                name="family_account_one_person",
            )
        ]

    def __str__(self) -> str:
        return f"family account {self.pk}"
