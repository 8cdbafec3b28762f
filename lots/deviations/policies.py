"""How the access policy judges deviations.

A deviation belongs to the agency that reported it (for a proposal of Lots': the agency concerned).
It is visible if, and only if, one of these holds:

- the ordinary grounds on a named child (need to know in the reporting agency);
- the actor reported it (`reporter`);
- the actor manages a unit that handles one of its agencies' parts (`handler`; may act on it);
- the actor is a steering group member of a principal of the same region as an agency involved
  (`steering`; sees, never acts);
- forums add a ground for members of a forum that has the deviation on an agenda.

Seeing a deviation does not name its child: the child's name is shown only to those the policy
lets see the child (`people.selectors.children_as_seen`); everyone else reads "a named child".
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from lots.access import policy
from lots.access.policy import ExtraGround, RecordPolicy
from lots.deviations.models import Deviation, Party
from lots.organisations.actor import Actor
from lots.organisations.models import Principal
from lots.organisations.roles import Role

REPORTER = "reporter"
HANDLER = "handler"
STEERING = "steering"


def is_handler(actor: Actor) -> bool:
    return actor.manages_unit


def is_steering(actor: Actor) -> bool:
    return actor.role == Role.STEERING_GROUP_MEMBER


def _reporter(actor: Actor) -> Q | None:
    return Q(reported_by_id=actor.user.pk)


def _handler(actor: Actor) -> Q | None:
    if not is_handler(actor):
        return None
    return Q(Exists(Party.objects.filter(deviation_id=OuterRef("pk"), handler_unit_id=actor.unit_id)))


def steering_family(actor: Actor):
    """The principals of the actor's region family, as a subquery."""
    principal = actor.staff_membership.unit.agency.principal
    region_id = principal.pk if principal.kind == Principal.Kind.REGION else (principal.region_id or principal.pk)
    return Principal.objects.filter(Q(pk=region_id) | Q(region_id=region_id)).values("pk")


def _steering(actor: Actor) -> Q | None:
    if not is_steering(actor):
        return None
    parties = Party.objects.filter(deviation_id=OuterRef("pk"), agency__principal_id__in=steering_family(actor))
    return Q(Exists(parties))


policy.register(
    Deviation,
    RecordPolicy(
        child="child",
        domain="reporting_agency",
        extra_grounds=[
            ExtraGround(kind=HANDLER, condition=_handler, allows_change=True),
            ExtraGround(kind=REPORTER, condition=_reporter),
            ExtraGround(kind=STEERING, condition=_steering),
        ],
    ),
)
