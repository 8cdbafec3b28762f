"""Retention of the families app's records (gallring)."""

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lots.families.models import Engagement, NetworkMeeting, NetworkPerson, Referral, SelfReferral
from lots.retention.registry import RetentionKind


def _engagements_first(referrals: QuerySet) -> None:
    """An engagement (its members, contact map, priorities, measures) goes with its referral."""
    Engagement.objects.filter(referral__in=referrals).delete()


KINDS = [
    RetentionKind(
        key="families.referral",
        label=_("Family coordination: referrals and ended coordination, with the contact map"),
        model=Referral,
        counts_from="closed_at",
        principal="team__agency__principal",
        years=2,
        law=_("The family's own mandate: kept two years after the coordination ended (local document plan)."),
        before_cull=_engagements_first,
    ),
    RetentionKind(
        key="families.network_person",
        label=_("People removed from a child's network map"),
        model=NetworkPerson,
        counts_from="removed_at",
        principal="owner_agency__principal",
        years=2,
        law=_("Kept two years after removal (local document plan)."),
    ),
    RetentionKind(
        key="families.network_meeting",
        label=_("Network meetings"),
        model=NetworkMeeting,
        counts_from="starts_at",
        principal="owner_agency__principal",
        years=5,
        law=_("Kept five years after the meeting (local document plan)."),
    ),
    RetentionKind(
        key="families.self_referral",
        label=_("Families' own requests to the team"),
        model=SelfReferral,
        counts_from="received_at",
        principal="team__agency__principal",
        years=1,
        law=_(
            "Kept one year after the family's request; a family the team takes on is referred (local document plan)."
        ),
    ),
]
