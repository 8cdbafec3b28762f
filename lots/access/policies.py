"""How the access policy judges the people and access models. Other apps register theirs in
their own `policies.py`, imported from their AppConfig.ready()."""

from lots.access import policy
from lots.access.conditions import RowCondition
from lots.access.models import Assignment, Consent, ConsentAgency
from lots.access.policy import ExtraGround, RecordPolicy
from lots.people.models import Child, Relationship

policy.register(Child, RecordPolicy(child=""))
policy.register(Relationship, RecordPolicy(child="child"))
policy.register(Assignment, RecordPolicy(child="child", domain="unit__agency"))


class _NamesAgency(RowCondition):
    """The consent names the actor's agency, as sharing or receiving."""

    def __init__(self, actor):
        super().__init__(("pk",))
        self.agency_id = actor.agency_id

    def sql(self, connection, refs):
        ((consent, params),) = refs
        table = ConsentAgency._meta.db_table
        sql = f"EXISTS(SELECT 1 FROM {table} lots_ca WHERE lots_ca.consent_id = {consent} AND lots_ca.agency_id = %s)"  # noqa: S608 (names and compiled refs only)
        return sql, [*params, self.agency_id]


def _named_in_consent(actor):
    """Staff who know the child (`needs_to_know` below) see the consents that name their agency."""
    if actor.agency_id is None:
        return None
    return _NamesAgency(actor)


policy.register(
    Consent,
    RecordPolicy(
        child="child",
        domain="recorded_in",
        extra_grounds=[ExtraGround(kind="named_in_consent", condition=_named_in_consent, needs_to_know=True)],
    ),
)
