"""The team's outcome measures and workload as counts for the team and the committees: no
person data, and counts under the threshold shown as "<5" (the follow-up app's rule once it has
landed; until then this module applies the same threshold, without secondary suppression).

`outcome_counts` is the counting selector the follow-up's indicator registry can call.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.utils import timezone

from lots.families.models import Engagement, EngagementStatus, Occasion, OutcomeRating, Referral, ReferralStatus

THRESHOLD = 5


def outcome_counts(*, team_ids: list[int], start: dt.date, end: dt.date) -> dict[str, int]:
    """Counts for the teams over [start, end]: referrals, families started, active and ended;
    families whose own rating of control (and of structure) rose from the start to the latest
    rating; children eligible for a national programme and adults in education or work at the
    latest rating; families on the waiting list now."""
    engagements = Engagement.objects.filter(team_id__in=team_ids)
    referrals = Referral.objects.filter(team_id__in=team_ids)
    latest = OutcomeRating.objects.filter(engagement=OuterRef("pk")).order_by("-rated_on", "-pk")
    first = OutcomeRating.objects.filter(engagement=OuterRef("pk"), occasion=Occasion.START)
    rated = (
        engagements.filter(ratings__rated_on__lte=end)
        .distinct()
        .annotate(
            start_control=Subquery(first.values("control")[:1]),
            last_control=Subquery(latest.values("control")[:1]),
            start_structure=Subquery(first.values("structure")[:1]),
            last_structure=Subquery(latest.values("structure")[:1]),
            eligible=Subquery(latest.values("children_eligible")[:1]),
            working=Subquery(latest.values("adults_in_work_or_study")[:1]),
            last_on=Max("ratings__rated_on"),
        )
    )
    control_up = structure_up = eligible = working = 0
    for row in rated.values(
        "start_control", "last_control", "start_structure", "last_structure", "eligible", "working"
    ):
        control_up += int((row["last_control"] or 0) > (row["start_control"] or 0))
        structure_up += int((row["last_structure"] or 0) > (row["start_structure"] or 0))
        eligible += row["eligible"] or 0
        working += row["working"] or 0
    counts = referrals.aggregate(
        referred=Count("pk", filter=Q(received_at__date__gte=start, received_at__date__lte=end)),
        declined=Count(
            "pk", filter=Q(status=ReferralStatus.DECLINED, decided_at__date__gte=start, decided_at__date__lte=end)
        ),
        waiting=Count("pk", filter=Q(status=ReferralStatus.WAITING)),
    )
    counts |= engagements.aggregate(
        started=Count("pk", filter=Q(started_at__date__gte=start, started_at__date__lte=end)),
        active=Count("pk", filter=Q(status=EngagementStatus.ACTIVE)),
        ended=Count("pk", filter=Q(ended_at__date__gte=start, ended_at__date__lte=end)),
    )
    return {
        **counts,
        "control_rose": control_up,
        "structure_rose": structure_up,
        "children_eligible": eligible,
        "adults_in_work_or_study": working,
    }


@dataclass(frozen=True)
class Figure:
    key: str
    value: int

    def __str__(self) -> str:
        return f"<{THRESHOLD}" if 0 < self.value < THRESHOLD else str(self.value)


def shown(counts: dict[str, int]) -> dict[str, Figure]:
    """The counts as a page shows them: small counts suppressed."""
    return {key: Figure(key, value) for key, value in counts.items()}


def team_counts(team_ids: list[int], *, today: dt.date | None = None) -> dict[str, int]:
    """The last twelve months, for the team's own page."""
    today = today or timezone.localdate()
    return outcome_counts(team_ids=team_ids, start=today - dt.timedelta(days=365), end=today)
