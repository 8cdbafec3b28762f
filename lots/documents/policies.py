"""Documents join the access policy: visible exactly when the record they are attached to is."""

from django.db.models import Q

from lots.access import policy
from lots.access.policy import ExtraGround, RecordPolicy
from lots.documents import owners
from lots.documents.models import Document


def _attached_to_visible(actor):
    conditions = Q(pk__in=[])
    for owner in owners.all_owners():
        visible = policy.visible_to(actor, owner.model._default_manager.all()).values("pk")
        conditions |= Q(owner_type=owner.label, owner_id__in=visible)
    return conditions


policy.register(
    Document,
    RecordPolicy(
        child="child",
        domain="agency",
        extra_grounds=[ExtraGround(kind="attached_record", condition=_attached_to_visible)],
    ),
)
