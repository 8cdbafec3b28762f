"""Who is acting: a user in one of their memberships, or a system acting through an API client."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

if TYPE_CHECKING:
    from lots.organisations.models import Membership, User


@dataclass(frozen=True)
class Actor:
    user: User
    membership: Membership | None
    api_client_id: int | None = None

    @property
    def agency_id(self) -> int | None:
        return self.membership.unit.agency_id if self.membership else None

    @property
    def staff_membership(self) -> Membership:
        """The membership of staff acting in an agency's name. Only staff reach the services that
        need one (without a membership the policy lets nothing be seen); anyone else is refused."""
        if self.membership is None:
            raise PermissionDenied
        return self.membership

    @property
    def staff_agency_id(self) -> int:
        """`agency_id` for staff acting in their agency's name (see `staff_membership`)."""
        return self.staff_membership.unit.agency_id

    @property
    def agency_kind(self) -> str | None:
        return self.membership.unit.agency.kind if self.membership else None

    @property
    def unit_id(self) -> int | None:
        return self.membership.unit_id if self.membership else None

    @property
    def role(self) -> str:
        return self.membership.role if self.membership else ""

    @property
    def manages_unit(self) -> bool:
        return bool(self.membership and self.membership.manages_unit)

    @classmethod
    def from_request(cls, request) -> Actor:
        return cls(user=request.user, membership=getattr(request, "membership", None))
