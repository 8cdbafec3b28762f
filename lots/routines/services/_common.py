"""What the routines services share: sending notifications after the commit, who is told."""

from __future__ import annotations

from django.urls import reverse

from lots.organisations.models import Membership
from lots.organisations.roles import MANAGER_ROLES, Role
from lots.routines.scope import family_of


def concerned_memberships(version):
    """Current memberships, in the routine's family of principals, whose role the version concerns."""
    return Membership.objects.current().filter(
        role__in=list(version.concerns_roles),
        unit__agency__principal_id__in=family_of(version.routine.principal_id),
    )


def unit_managers(unit_id: int):
    memberships = Membership.objects.current().filter(unit_id=unit_id, role__in=list(MANAGER_ROLES))
    return [m.user for m in memberships.select_related("user")]


def steering_group(principal_id: int):
    memberships = Membership.objects.current().filter(
        role=Role.STEERING_GROUP_MEMBER, unit__agency__principal_id__in=family_of(principal_id)
    )
    return [m.user for m in memberships.select_related("user")]


def version_url(version) -> str:
    return reverse("routines:version", args=[version.pk])


def journey_url(journey) -> str:
    return reverse("routines:journey", args=[journey.pk])
