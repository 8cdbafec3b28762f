"""Benchmark-only pages (issue 3): the child overview and "Mina barn" without the policy and the
access log, to measure what those cost. Served only by `benchmarks.settings` under
`/bench-baseline/`; the application has no switch that turns the policy or the log off.

- `bare/`: the same templates rendered from unfiltered queries (no policy, no log rows);
- `policy/`: filtered through the policy exactly as the real selectors do, but no log rows.

The real pages (`/barn/`, `/barn/<id>/`) do both. The queries copy `lots.people.selectors`
and `lots.access.selectors`; keep them in step when those change.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import path

from lots.access import policy
from lots.access.actor import Actor
from lots.access.models import Assignment, Consent
from lots.access.presentation import PersonView, present_children, present_related
from lots.people.models import Child, Relationship
from lots.people.selectors import PAGE_SIZE, ChildOverview


def _visible(actor: Actor, queryset, filtered: bool):
    return policy.with_grounds(actor, queryset) if filtered else queryset


def _my_children(request, *, filtered: bool):
    actor = Actor.from_request(request)
    assigned = Assignment.objects.active().filter(user_id=actor.user.pk, unit__agency_id=actor.agency_id)
    children = (
        _visible(actor, Child.objects.filter(pk__in=assigned.values("child_id")), filtered)
        .select_related("school_unit")
        .order_by("last_name", "first_name", "pk")
    )
    page = Paginator(children, PAGE_SIZE).get_page(request.GET.get("page", 1))
    rows = list(page.object_list)
    views = (
        present_children(actor, rows) if filtered else [PersonView(c, show_name=True, show_location=True) for c in rows]
    )
    return render(request, "people/my_children.html", {"page": page, "children": views})


def _overview(request, child_id: int, *, filtered: bool):
    actor = Actor.from_request(request)
    children = _visible(actor, Child.objects.select_related("school_unit"), filtered)
    child = children.filter(pk=child_id).first()
    if child is None:
        raise Http404
    if filtered:
        child_view = present_children(actor, [child])[0]
    else:
        child_view = PersonView(child, show_name=True, show_location=True)
    relationships = list(
        _visible(actor, Relationship.objects.filter(child_id=child.pk), filtered)
        .select_related("person")
        .order_by("kind", "person__last_name")
    )
    people = [r.person for r in relationships]
    if filtered:
        people = present_related(actor, child_view, people)
    else:
        people = [PersonView(p, show_name=True, show_location=True) for p in people]
    households = list(child.households.prefetch_related("adults", "children").order_by("name"))
    team = list(
        _visible(
            actor, Assignment.objects.active().filter(child_id=child.pk, unit__agency_id=actor.agency_id), filtered
        )
        .select_related("user", "unit")
        .order_by("unit__name", "user__last_name")
    )
    consents = list(
        _visible(actor, Consent.objects.filter(child_id=child.pk), filtered)
        .select_related("child", "recorded_in")
        .order_by("-created_at")
    )
    overview = ChildOverview(
        child=child_view,
        ground=getattr(child, "_ground", "assignment"),
        relations=list(zip(relationships, people, strict=True)),
        households=households,
        team=team,
    )
    panel = render_to_string(
        "access/_consents_panel.html", {"consents": consents, "child": child_view}, request=request
    )
    return render(
        request,
        "people/child_overview.html",
        {"overview": overview, "child": child_view, "panels": [panel]},
    )


@login_required
def bare_my_children(request):
    return _my_children(request, filtered=False)


@login_required
def policy_my_children(request):
    return _my_children(request, filtered=True)


@login_required
def bare_overview(request, child_id: int):
    return _overview(request, child_id, filtered=False)


@login_required
def policy_overview(request, child_id: int):
    return _overview(request, child_id, filtered=True)


urlpatterns = [
    path("bare/barn/", bare_my_children),
    path("bare/barn/<int:child_id>/", bare_overview),
    path("policy/barn/", policy_my_children),
    path("policy/barn/<int:child_id>/", policy_overview),
]
