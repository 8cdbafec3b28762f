"""The public catalogue at /insatser/: no sign-in, Swedish or English, cacheable.

The language comes from the address (`?lang=en`), not from a cookie or a form, and the pages
carry no CSRF token, so a shared cache can keep them. Signed-in staff get the same pages with
the security middleware's no-store.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
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
COOKIE_OPTIONS = ("AGE", "PATH", "DOMAIN", "SECURE", "HTTPONLY", "SAMESITE")
EXAMPLES_SV = ["föräldrastöd", "skolfrånvaro", "ADHD", "korttidsvistelse", "ångest", "fritid"]
EXAMPLES_EN = ["parenting support", "school absence", "ADHD", "short-term care", "anxiety", "leisure"]


def public_page(view):
    """Serve in the language the address asks for and let caches keep the page a while.

    The choice is remembered in the site's language cookie (the one the footer's form sets
    through Django's `set_language`), so that it holds on the next search and at sign-in: a
    page whose address chose a language other than the cookie's sets the cookie (that answer is
    private), and an address without a choice, from someone who chose English, goes on to the
    English address. A cached page is therefore always the language its address names."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        asked = request.GET.get("lang")
        remembered = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) or settings.LANGUAGE_CODE
        if asked not in ("sv", "en"):
            if remembered == "en":
                query = request.GET.copy()
                query["lang"] = "en"
                response = redirect(f"{request.path}?{query.urlencode()}")
                patch_cache_control(response, private=True, no_cache=True)
                return response
            asked = "sv"
        with translation.override(asked):
            request.public_language = asked
            response = view(request, *args, **kwargs)
        response["Content-Language"] = asked
        if asked != remembered:
            _remember(response, asked)
            patch_cache_control(response, private=True, no_cache=True)
        elif not request.user.is_authenticated:
            patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
        return response

    return wrapper


def _remember(response, language: str) -> None:
    """The language cookie as Django's `set_language` writes it."""
    options = {name.lower(): getattr(settings, f"LANGUAGE_COOKIE_{name}") for name in COOKIE_OPTIONS}
    options["max_age"] = options.pop("age")
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, **options)


def _context(request, **extra) -> dict:
    english = request.public_language == "en"
    query = request.GET.copy()
    query["lang"] = "sv" if english else "en"
    return {
        "english": english,
        "lang_query": "lang=en" if english else "",
        "other_language_url": f"{request.path}?{query.urlencode()}",
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
