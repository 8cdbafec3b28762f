from __future__ import annotations

from django.db.models import QuerySet

from lots.organisations.models import Membership, RoleRequirement, Unit, User
from lots.organisations.roles import CASEWORK_ROLES, SECOND_FACTOR_ROLES


def current_memberships(user: User) -> QuerySet[Membership]:
    return (
        Membership.objects.current()
        .filter(user=user)
        .select_related("unit__agency__principal")
        .order_by("valid_from", "pk")
    )


def otp_required(user: User, memberships: list[Membership]) -> bool:
    """Whether the user must give a second factor: a role that always needs one
    (`SECOND_FACTOR_ROLES`), a role an administrator requires it for, or any access to the admin."""
    roles = {m.role for m in memberships}
    if user.is_staff or user.is_superuser or roles & SECOND_FACTOR_ROLES:
        return True
    return bool(roles) and RoleRequirement.objects.filter(role__in=roles, requires_otp=True).exists()


def casework_memberships(agency_ids) -> QuerySet[Membership]:
    """Staff who work with children in the given agencies, for choosing whom to invite to a
    shared process (a SIP). The staff directory is not secret; it says nothing about a child."""
    return (
        Membership.objects.current()
        .filter(unit__agency_id__in=list(agency_ids), role__in=CASEWORK_ROLES, user__is_active=True)
        .select_related("user", "unit__agency__principal")
        .order_by("unit__agency__principal__name", "unit__agency__name", "user__last_name", "user__first_name", "pk")
    )


def school_units_by_code(codes) -> dict[str, Unit]:
    """Units by Skolverket's school unit code, for imports from the school administration system.
    The directory of units is not secret."""
    return {
        u.school_unit_code: u for u in Unit.objects.filter(school_unit_code__in=set(codes)).select_related("agency")
    }


def staff_of_unit(unit_id: int, roles) -> list[User]:
    """The users with a current membership in the unit in one of `roles` (whom to notify)."""
    memberships = Membership.objects.current().filter(unit_id=unit_id, role__in=list(roles)).select_related("user")
    return list({m.user_id: m.user for m in memberships.order_by("user_id")}.values())
