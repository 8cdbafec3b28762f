"""The plans app's pages: a SIP's page, "Mina SIP:ar" and the plan as a PDF."""

from __future__ import annotations

from django.db.models import Count

from benchmarks.pages import ONE, Page, Request
from lots.plans.models import ParticipantKind, Sip, SipParticipant, Status


def choose(fixture: dict) -> None:
    """The member of staff in the most open plans, and the fullest of their established plans."""
    busiest = (
        SipParticipant.objects.filter(kind=ParticipantKind.STAFF, removed_at__isnull=True)
        .exclude(sip__status__in=[Status.CLOSED, Status.CANCELLED])
        .values("user_id", "user__username")
        .annotate(plans=Count("sip"))
        .order_by("-plans", "user_id")
        .first()
    )
    if busiest is None:
        raise RuntimeError("the data set has no SIPs: generate it with the plans step")
    sip = (
        Sip.objects.filter(
            participants__user_id=busiest["user_id"], status__in=[Status.ESTABLISHED, Status.FOLLOWED_UP]
        )
        .annotate(written=Count("actions", distinct=True))
        .order_by("-written", "pk")
        .first()
    )
    fixture.update(sip_user=busiest["user__username"], sip_plans=busiest["plans"], sip_id=sip.pk)


PAGES = [
    Page("sip_page", "A SIP's page", ONE, lambda f: Request(f"/sip/{f['sip_id']}/", f["sip_user"]), 30, 80),
    Page("my_sips", "Mina SIP:ar", ONE, lambda f: Request("/sip/", f["sip_user"]), 30, 80),
    # Issue 27: the plan as a PDF (WeasyPrint), under half a second.
    Page("sip_pdf", "A SIP's PDF", ONE, lambda f: Request(f"/sip/{f['sip_id']}/plan.pdf", f["sip_user"]), 500, 1000),
]
