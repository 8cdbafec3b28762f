"""The foundation's pages: sign-in, "Mina barn", a child overview, the consents list, search by
identity number and by name, and the log review."""

from __future__ import annotations

from django.db.models import Count

from benchmarks.pages import LIST, ONE, PUBLIC, SEARCH, Page, Request
from lots.access.models import Assignment, Consent
from lots.organisations.models import Membership
from lots.organisations.roles import Role
from lots.people.identity import format_identity_number
from lots.people.models import Child


def choose(fixture: dict) -> None:
    """A caseworker with a child that has guardians, a household and an active consent; the
    busiest mentor (a full page of "Mina barn"); the log auditor of the child's municipality."""
    consented = Consent.objects.active().values("child_id")
    case = (
        Assignment.objects.active()
        .filter(reason=Assignment.Reason.CASE, child_id__in=consented, child__protected_identity=False)
        .select_related("user", "unit__agency")
        .order_by("pk")
        .first()
    )
    if case is None:
        raise RuntimeError("the data set has no caseworker with a consented child: generate it first")
    child = Child.objects.get(pk=case.child_id)
    mentor = (
        Assignment.objects.active()
        .filter(reason=Assignment.Reason.MENTOR)
        .values("user__username")
        .annotate(children=Count("id"))
        .filter(children__gte=50)
        .order_by("user__username")
        .first()
    )
    auditor = (
        Membership.objects.filter(role=Role.AUDITOR, unit__agency__principal_id=case.unit.agency.principal_id)
        .select_related("user")
        .first()
    )
    fixture.update(
        caseworker=case.user.username,
        child_id=child.pk,
        child_number=format_identity_number(child.identity_number),
        child_name=f"{child.first_name} {child.last_name}",
        mentor=mentor["user__username"] if mentor else case.user.username,
        auditor=auditor.user.username,
    )


PAGES = [
    Page("sign_in", "Sign-in page", PUBLIC, lambda f: Request("/konto/logga-in/", None)),
    Page("my_children", "Mina barn (50 children)", ONE, lambda f: Request("/barn/", f["mentor"]), 30, 80),
    Page(
        "child_overview", "Child overview", ONE, lambda f: Request(f"/barn/{f['child_id']}/", f["caseworker"]), 30, 80
    ),
    Page(
        "consents",
        "Consents of a child",
        ONE,
        lambda f: Request(f"/sekretess/barn/{f['child_id']}/samtycken/", f["caseworker"]),
        30,
        80,
    ),
    Page(
        "search_number",
        "Search by identity number",
        SEARCH,
        lambda f: Request("/barn/sok/", f["caseworker"], "POST", {"q": f["child_number"]}),
        5,
        None,
    ),
    Page(
        "search_name",
        "Search by name",
        SEARCH,
        lambda f: Request("/barn/sok/", f["caseworker"], "POST", {"q": f["child_name"]}),
        50,
        None,
    ),
    Page(
        "log_review",
        "Log review: one child's accesses",
        ONE,
        lambda f: Request("/logg/", f["auditor"], "POST", {"identity_number": f["child_number"]}),
        30,
        80,
    ),
    Page("log_flagged", "Log review: flagged, 30 days", LIST, lambda f: Request("/logg/flaggade/", f["auditor"])),
]
