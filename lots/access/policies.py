"""How the access policy judges the people and access models. Other apps register theirs in
their own `policies.py`, imported from their AppConfig.ready()."""

from django.db.models import Exists, OuterRef, Q

from lots.access import policy
from lots.access.models import Assignment, Consent, ConsentAgency
from lots.access.policy import ExtraGround, RecordPolicy
from lots.people.models import Child, Relationship

policy.register(Child, RecordPolicy(child=""))
policy.register(Relationship, RecordPolicy(child="child"))
policy.register(Assignment, RecordPolicy(child="child", domain="unit__agency"))


def _named_in_consent(actor):
    """Staff who know the child see the consents that name their agency."""
    if actor.agency_id is None:
        return None
    named = ConsentAgency.objects.filter(consent=OuterRef("pk"), agency_id=actor.agency_id)
    return Q(Exists(named)) & policy.knows_child(actor, "child__pk")


policy.register(
    Consent,
    RecordPolicy(
        child="child",
        domain="recorded_in",
        extra_grounds=[ExtraGround(kind="named_in_consent", condition=_named_in_consent)],
    ),
)
