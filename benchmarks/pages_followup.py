"""The follow-up's pages: the dashboard of the whole agreement as a steering group member of the
largest region, and of one agency as its head teacher; the committee report (issue 23's target:
median under one second at national scale). The figures are counted when asked (no stored
aggregates), so they are always fresh."""

from __future__ import annotations

from django.db.models import Count

from benchmarks.pages import LIST, Page, Request
from lots.organisations.models import Membership, Principal
from lots.organisations.roles import Role


def choose(fixture: dict) -> None:
    region = (
        Principal.objects.filter(kind=Principal.Kind.REGION)
        .annotate(n=Count("municipalities"))
        .order_by("-n", "pk")
        .first()
    )
    steering = (
        Membership.objects.filter(role=Role.STEERING_GROUP_MEMBER)
        .filter(unit__agency__principal__region=region)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    head = Membership.objects.filter(role=Role.REKTOR).select_related("user").order_by("pk").first()
    if steering is None or head is None:
        raise RuntimeError("the data set has no steering group or head teacher: generate it with organisations")
    fixture.update(followup_steering=steering.user.username, followup_head=head.user.username)


PAGES = [
    Page(
        "followup_agreement",
        "Follow-up: every principal of a region's agreement",
        LIST,
        lambda f: Request("/uppfoljning/", f["followup_steering"]),
        1000,
        None,
    ),
    Page(
        "followup_agency",
        "Follow-up: one agency (head teacher)",
        LIST,
        lambda f: Request("/uppfoljning/", f["followup_head"]),
        1000,
        None,
    ),
    Page(
        "followup_report",
        "The report to the committee",
        LIST,
        lambda f: Request("/uppfoljning/rapport/", f["followup_steering"]),
        1000,
        None,
    ),
]
