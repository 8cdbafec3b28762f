"""How the access policy judges the families app's models.

- **The engagement is the coordinator's ground** (`family_engagement`): the coordinator named
  on an active engagement, acting in the team's unit, sees the household's records (the
  engagement, its members, contact map, priorities, outcome measures and history) and the
  children the engagement names, their network maps and network meetings, and may change them;
  only while the family's consent for this engagement (purpose family coordination, naming it)
  is in effect. For the household's records that is the consent for the child the referral
  named; for a child member, that child's own consent. The consent is asked on every read, so a
  withdrawal ends the coordinator's access at the next query, before the engagement is ended.
- **The team handles referrals** (`family_team`): staff of the team's unit see and decide the
  referrals to it, and the identity of the children of a referred household while the referral
  is open (received, waiting, accepted), so that the family's consent can be recorded.
- **The referrer** (`family_referrer`) sees their own referral and the team's decision.
- The household's records belong to the team's agency, and cross to another agency only under
  the family's consent for this engagement that names it (information kind: contacts). Network
  maps and meetings belong to the agency that drew them and cross under a family-coordination
  consent for the child.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from lots.access import policy
from lots.access.conditions import RowCondition
from lots.access.models import Consent
from lots.access.policy import ExtraGround, RecordPolicy
from lots.access.secrecy import InformationKind, Purpose
from lots.families.models import (
    AgreedAction,
    Attendee,
    Contact,
    Engagement,
    EngagementStatus,
    FamilyEvent,
    Member,
    NetworkMeeting,
    NetworkPerson,
    OutcomeRating,
    Priority,
    Referral,
)
from lots.families.workflow import OPEN_REFERRAL
from lots.organisations.actor import Actor
from lots.organisations.models import Unit
from lots.people.models import Child

ENGAGEMENT_GROUND = "family_engagement"
TEAM_GROUND = "family_team"
REFERRER_GROUND = "family_referrer"


class _Engaged(RowCondition):
    """An active engagement coordinated by the actor in the team's unit, with the family's
    consent for it in effect. `by`: how the record names the engagement: "engagement" (its id),
    "referral" (the referral's id) or "child" (a child the engagement names as a member, whose
    own consent is then asked)."""

    def __init__(self, by: str, ref: str, actor: Actor, now: dt.datetime):
        super().__init__((ref,))
        self.by, self.now = by, now
        self.user_id, self.unit_id = actor.user.pk, actor.unit_id

    def sql(self, connection, refs):
        ((ref, ref_params),) = refs
        now = connection.ops.adapt_datetimefield_value(self.now)
        engagement, member, consent = (m._meta.db_table for m in (Engagement, Member, Consent))
        source, consent_child = f"{engagement} lots_fe", "lots_fe.child_id"
        if self.by == "engagement":
            match = f"lots_fe.id = {ref}"
        elif self.by == "consent":
            source += f" INNER JOIN {consent} lots_fk ON (lots_fk.reference_id = lots_fe.id AND lots_fk.purpose = %s)"
            match = f"lots_fk.id = {ref}"
        elif self.by == "referral":
            match = f"lots_fe.referral_id = {ref}"
        else:
            source += f" INNER JOIN {member} lots_fm ON (lots_fm.engagement_id = lots_fe.id)"
            match, consent_child = f"lots_fm.child_id = {ref} AND lots_fm.left_at IS NULL", ref
        sql = (
            f"EXISTS(SELECT 1 FROM {source} WHERE {match} AND lots_fe.coordinator_id = %s "  # noqa: S608 (names and refs)
            "AND lots_fe.team_id = %s AND lots_fe.status = %s "
            f"AND EXISTS(SELECT 1 FROM {consent} lots_fc WHERE lots_fc.purpose = %s "
            f"AND lots_fc.reference_id = lots_fe.id AND lots_fc.child_id = {consent_child} "
            "AND lots_fc.effective_at IS NOT NULL AND lots_fc.effective_at <= %s "
            "AND lots_fc.withdrawn_at IS NULL AND (lots_fc.valid_until IS NULL OR lots_fc.valid_until > %s)))"
        )
        child_params = ref_params if self.by == "child" else []
        joined = [str(Purpose.FAMILY_COORDINATION)] if self.by == "consent" else []
        params = [
            *joined,
            *ref_params,
            self.user_id,
            self.unit_id,
            str(EngagementStatus.ACTIVE),
            str(Purpose.FAMILY_COORDINATION),
            *child_params,
            now,
            now,
        ]
        return sql, params


def in_team(actor: Actor) -> bool:
    """Staff of a family coordination team's unit."""
    return actor.membership is not None and actor.membership.unit.kind == Unit.Kind.FAMILY_COORDINATION


def engaged(by: str, ref: str, *, allows_change: bool = True) -> ExtraGround:
    def condition(actor: Actor) -> RowCondition | None:
        if not in_team(actor):  # only a coordinator acting in the team's unit: no SQL for anyone else
            return None
        return _Engaged(by, ref, actor, timezone.now())

    return ExtraGround(kind=ENGAGEMENT_GROUND, condition=condition, allows_change=allows_change)


def _team(prefix: str = ""):
    def condition(actor: Actor) -> Q | None:
        return Q(**{f"{prefix}team_id": actor.unit_id}) if in_team(actor) else None

    return condition


def _referrer(prefix: str = ""):
    def condition(actor: Actor) -> Q | None:
        return Q(**{f"{prefix}referred_by_id": actor.user.pk})

    return condition


def _referred_child(actor: Actor) -> Q | None:
    """The team sees the children of a household referred to it while the referral is open."""
    if not in_team(actor):
        return None
    open_referrals = Referral.objects.filter(
        team_id=actor.unit_id, status__in=OPEN_REFERRAL, household__children=OuterRef("pk")
    )
    return Q(Exists(open_referrals))


def _household(path: str, reference: str, *, by: str, ref: str) -> RecordPolicy:
    """A record of the household's engagement, reached from the model by `path`."""
    return RecordPolicy(
        child=f"{path}child",
        domain=f"{path}agency",
        information_kind=InformationKind.CONTACT,
        purpose=Purpose.FAMILY_COORDINATION,
        purpose_reference=reference,
        extra_grounds=[engaged(by, ref)],
    )


def _network(path: str = "") -> RecordPolicy:
    return RecordPolicy(
        child=f"{path}child",
        domain=f"{path}owner_agency",
        information_kind=InformationKind.CONTACT,
        purpose=Purpose.FAMILY_COORDINATION,
        extra_grounds=[engaged("child", f"{path}child_id")],
    )


policy.register(
    Referral,
    RecordPolicy(
        child="child",
        domain="team__agency",
        extra_grounds=[
            ExtraGround(kind=TEAM_GROUND, condition=_team(), allows_change=True),
            ExtraGround(kind=REFERRER_GROUND, condition=_referrer()),
            engaged("referral", "pk"),
        ],
    ),
)
policy.register(
    FamilyEvent,
    RecordPolicy(
        child="referral__child",
        domain="referral__team__agency",
        extra_grounds=[
            ExtraGround(kind=TEAM_GROUND, condition=_team("referral__"), allows_change=True),
            engaged("referral", "referral_id"),
        ],
    ),
)
policy.register(Engagement, _household("", "pk", by="engagement", ref="pk"))
for _model in (Member, Contact, Priority, OutcomeRating):
    policy.register(_model, _household("engagement__", "engagement_id", by="engagement", ref="engagement_id"))
policy.register(NetworkPerson, _network())
policy.register(NetworkMeeting, _network())
policy.register(Attendee, _network("meeting__"))
policy.register(AgreedAction, _network("meeting__"))
policy.add_ground(Child, engaged("child", "pk", allows_change=False))
# The coordinator reads (and records the family's withdrawal of) the consents the engagement rests on.
policy.add_ground(Consent, engaged("consent", "pk", allows_change=False))
policy.add_ground(Child, ExtraGround(kind=TEAM_GROUND, condition=_referred_child))
