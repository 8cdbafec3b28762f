"""The pages about children: my children, search, and the child's page (drawn here, with the panels
other apps register in `lots.core.panels`). URL namespace `people`, as before the pages moved here."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from lots.access import policy
from lots.access.services import may_break_glass
from lots.children import selectors
from lots.children.access_forms import BreakGlassForm
from lots.core import panels
from lots.organisations.actor import Actor
from lots.people.forms import ChildSearchForm


@login_required
def my_children(request):
    page, children = selectors.my_children(Actor.from_request(request), page_number=request.GET.get("page", 1))
    return render(request, "people/my_children.html", {"page": page, "children": children})


@login_required
def child_overview(request, child_id: int):
    actor = Actor.from_request(request)
    with policy.one_page(actor):  # the child's read and each panel's: one append to the log
        overview = selectors.child_overview(actor, child_id)
        rendered = panels.render_child_panels(request, actor, overview.child)
    return render(
        request, "people/child_overview.html", {"overview": overview, "child": overview.child, "panels": rendered}
    )


@login_required
@require_http_methods(["GET", "POST"])
def search(request):
    """Search is a POST so that identity numbers never reach the address bar or server logs."""
    form = ChildSearchForm(request.POST if request.method == "POST" else None)
    results = None
    actor = Actor.from_request(request)
    if request.method == "POST" and form.is_valid():
        results = selectors.find_children(actor, form.cleaned_data["q"])
    return render(
        request,
        "people/search.html",
        {
            "form": form,
            "results": results,
            "break_glass_form": BreakGlassForm() if results == [] and may_break_glass(actor) else None,
        },
    )
