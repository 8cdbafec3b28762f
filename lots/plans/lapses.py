"""Where a plan's work lapsed: read by the system, not by a person (the deviations app proposes
deviations from these, docs/deviations.md). Rows name records by id only.

A row: `key` (stable), `agency_id` and `unit_id` (concerned), `child_id`, `day`, `url` (the plan),
`other_agency_ids` (the agencies on the other side: the plan's lead or requesting agency).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import Count, Max, Min, OuterRef, Subquery
from django.urls import reverse

from lots.plans.models import Sip, SipInvitee, SipParticipant
from lots.plans.models.plan import ParticipantKind, Status

#: Times an agency called to a plan's meetings stays away before it is a deviation (scenario 5).
ABSENCES = 2


def follow_ups_passed(*, today: dt.date) -> Iterator[dict]:
    """Established plans whose follow-up date has passed: the lead agency's part."""
    lead_unit = SipParticipant.objects.filter(
        sip_id=OuterRef("pk"), user_id=OuterRef("lead_user_id"), removed_at__isnull=True
    ).values("unit_id")[:1]
    rows = (
        Sip.objects.filter(
            status__in=(Status.ESTABLISHED, Status.FOLLOWED_UP), follow_up_on__lt=today, lead_agency__isnull=False
        )
        .annotate(lead_unit_id=Subquery(lead_unit))
        .values_list("pk", "lead_agency_id", "lead_unit_id", "child_id", "follow_up_on")
    )
    for pk, agency_id, unit_id, child_id, due in rows.iterator(chunk_size=500):
        yield {
            "key": f"sip-{pk}-follow-up-{due:%Y%m%d}",
            "agency_id": agency_id,
            "unit_id": unit_id,
            "child_id": child_id,
            "day": due,
            "url": reverse("plans:detail", args=[pk]),
            "other_agency_ids": (),
        }


def repeated_absences() -> Iterator[dict]:
    """An agency's staff called to a plan's held meetings and recorded as not attending, at
    `ABSENCES` meetings or more of the same plan."""
    rows = (
        SipInvitee.objects.filter(
            attended=False,
            uninvited=False,
            meeting__cancelled_at__isnull=True,
            participant__kind=ParticipantKind.STAFF,
            participant__agency__isnull=False,
        )
        .values("meeting__sip_id", "participant__agency_id")
        .annotate(
            meetings=Count("meeting_id", distinct=True),
            unit_id=Min("participant__unit_id"),
            last=Max("meeting__starts_at"),
            child_id=Min("meeting__sip__child_id"),
            lead_agency_id=Min("meeting__sip__lead_agency_id"),
            requesting_agency_id=Min("meeting__sip__requesting_agency_id"),
        )
        .filter(meetings__gte=ABSENCES)
        .order_by("meeting__sip_id", "participant__agency_id")
    )
    for row in rows.iterator(chunk_size=500):
        sip_id, agency_id = row["meeting__sip_id"], row["participant__agency_id"]
        other = row["lead_agency_id"] or row["requesting_agency_id"]
        yield {
            "key": f"sip-{sip_id}-agency-{agency_id}-absent",
            "agency_id": agency_id,
            "unit_id": row["unit_id"],
            "child_id": row["child_id"],
            "day": row["last"].date(),
            "url": reverse("plans:detail", args=[sip_id]),
            "other_agency_ids": (other,) if other and other != agency_id else (),
        }
