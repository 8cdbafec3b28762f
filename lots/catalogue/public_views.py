"""The public catalogue at /insatser/: no sign-in, Swedish or English, cacheable.

The language comes from the address (`?lang=en`), not from a cookie or a form, and the pages
carry no CSRF token, so a shared cache can keep them. Signed-in staff get the same pages with
the security middleware's no-store.
"""

from __future__ import annotations

from functools import wraps

from django.http import Http404
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_cache_control

from lots.catalogue import permissions, selectors
from lots.catalogue.choices import ROUTE_HELP
from lots.catalogue.forms import AreaForm, SearchForm
from lots.catalogue.models import Intervention
from lots.core.views import render_in_place
from lots.organisations.actor import Actor
from lots.organisations.models import Agency

PUBLIC_MAX_AGE = 300
EXAMPLES_SV = ["föräldrastöd", "skolfrånvaro", "ADHD", "korttidsvistelse", "ångest", "fritid"]
EXAMPLES_EN = ["parenting support", "school absence", "ADHD", "short-term care", "anxiety", "leisure"]


def public_page(view):
    """Serve in the language the address asks for and let caches keep the page a while."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        language = "en" if request.GET.get("lang") == "en" else "sv"
        with translation.override(language):
            request.public_language = language
            response = view(request, *args, **kwargs)
        response["Content-Language"] = language
        if not request.user.is_authenticated:
            patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
        return response

    return wrapper


def _context(request, **extra) -> dict:
    english = request.public_language == "en"
    query = request.GET.copy()
    query.pop("lang", None)
    if not english:
        query["lang"] = "en"
    return {
        "english": english,
        "lang_query": "lang=en" if english else "",
        "other_language_url": f"{request.path}?{query.urlencode()}" if query else request.path,
        **extra,
    }


@public_page
def search(request):
    """The municipality where the child lives scopes the search to it and its region; none
    chosen searches the whole country."""
    area = AreaForm(request.GET, principals=selectors.principals(), default=None, public=True)
    principal_ids = area.principal_ids()
    form = SearchForm(
        request.GET or None,
        needs=selectors.need_tags(),
        agencies=selectors.agencies_with_entries(principal_ids),
        need_label=selectors.need_label,
    )
    result, meant = None, None
    if form.is_bound and form.has_criteria():
        criteria = form.criteria()
        result = selectors.search(**criteria, principal_ids=principal_ids, public=True)
        meant = selectors.suggestion(criteria["text"]) if not result.hits and criteria.get("text") else None
        if meant is not None:
            result = selectors.search(**{**criteria, "text": meant}, principal_ids=principal_ids, public=True)
    examples = EXAMPLES_EN if request.public_language == "en" else EXAMPLES_SV
    return render_in_place(
        request,
        "catalogue/public_search.html",
        "catalogue/_results_update.html",
        _context(request, form=form, area_form=area, result=result, meant=meant, examples=examples, public=True),
    )


@public_page
def entry(request, pk: int):
    try:
        found = selectors.public_entry(pk)
    except Intervention.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "catalogue/public_entry.html",
        _context(request, entry=found, route_help=ROUTE_HELP.get(found.access_route)),
    )


@public_page
def agency(request, agency_id: int):
    try:
        found, profile = selectors.agency_with_profile(agency_id)
    except Agency.DoesNotExist:
        raise Http404 from None
    signed_in = request.user.is_authenticated
    return render(
        request,
        "catalogue/agency.html",
        _context(
            request,
            agency=found,
            profile=profile,
            entries=selectors.agency_entries(agency_id, public=not signed_in),
            signed_in=signed_in,
            may_edit=signed_in and permissions.may_edit(Actor.from_request(request), found.pk),
        ),
    )
