"""Who keeps which agency's entries.

- An administrator (acting in the administrator role) keeps the entries of every agency of
  their own principal (municipality or region).
- A catalogue editor keeps one agency's entries: an `EditorGrant` for (user, agency), given by an
  administrator in the admin, counts while the user acts in a current role in that agency.

Everyone else reads. The catalogue holds no person data, so reading needs no ground.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from lots.catalogue.models import EditorGrant
from lots.organisations.actor import Actor
from lots.organisations.models import Agency
from lots.organisations.roles import Role


def editable_agencies(actor: Actor) -> QuerySet[Agency]:
    """The agencies whose entries and profile this actor may change."""
    if actor.membership is None:
        return Agency.objects.none()
    condition = Q(pk__in=EditorGrant.objects.filter(user_id=actor.user.pk, agency_id=actor.agency_id).values("agency"))
    if actor.role == Role.ADMINISTRATOR:
        condition |= Q(principal_id=actor.membership.unit.agency.principal_id)
    return Agency.objects.filter(condition).select_related("principal").order_by("principal__name", "name")


def may_edit(actor: Actor, agency_id: int | None) -> bool:
    return agency_id is not None and editable_agencies(actor).filter(pk=agency_id).exists()


def is_editor(actor: Actor) -> bool:
    return editable_agencies(actor).exists()
