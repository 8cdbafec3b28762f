"""Staff pages of the catalogue: search with the professional view, entries, versions, editing,
import and export, agency profiles, and suggestions for a child."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lots.access.presentation import Withheld
from lots.catalogue import importing, permissions, selectors, services
from lots.catalogue.choices import ROUTE_HELP
from lots.catalogue.forms import (
    AgencyChoiceForm,
    AreaForm,
    ImportForm,
    InterventionForm,
    ProfileForm,
    SearchForm,
    SuggestForm,
)
from lots.catalogue.models import Intervention
from lots.children import selectors as children_selectors
from lots.core.forms import apply_errors
from lots.core.views import render_in_place
from lots.organisations.actor import Actor
from lots.organisations.models import Agency, Unit
from lots.people.identity import age_on


def _editor(request) -> Actor:
    actor = Actor.from_request(request)
    if not permissions.is_editor(actor):
        raise PermissionDenied(_("You do not keep any agency's entries in the catalogue."))
    return actor


def _entry_or_404(pk: int) -> Intervention:
    try:
        return selectors.staff_entry(pk)
    except Intervention.DoesNotExist:
        raise Http404 from None


@login_required
def search(request):
    """The search looks in the staff member's own area (their municipality and its region) unless
    they choose another area or the whole country."""
    actor = Actor.from_request(request)
    area = AreaForm(
        request.GET, principals=selectors.principals(), default=selectors.home_principal(actor), public=False
    )
    principal_ids = area.principal_ids()
    form = SearchForm(
        request.GET or None,
        needs=selectors.need_tags(),
        agencies=selectors.agencies_with_entries(principal_ids),
        need_label=selectors.need_label,
    )
    result = None
    if form.is_bound and form.has_criteria():
        result = selectors.search(**form.criteria(), principal_ids=principal_ids)
    return render_in_place(
        request,
        "catalogue/search.html",
        "catalogue/_results_update.html",
        {"form": form, "area_form": area, "result": result, "is_editor": permissions.is_editor(actor), "public": False},
    )


@login_required
def entry(request, pk: int):
    actor = Actor.from_request(request)
    found = _entry_or_404(pk)
    editable = permissions.may_edit(actor, found.agency_id)
    if not found.active and not editable:
        raise Http404
    return render(
        request,
        "catalogue/entry.html",
        {
            "entry": found,
            "route_help": ROUTE_HELP.get(found.access_route),
            "editable": editable,
            "review_due": found.reviewed_at < services.review_due_before(),
        },
    )


@login_required
def versions(request, pk: int):
    found = _entry_or_404(pk)
    if not found.active and not permissions.may_edit(Actor.from_request(request), found.agency_id):
        raise Http404
    return render(request, "catalogue/versions.html", {"entry": found, "versions": selectors.versions(found)})


@login_required
def mine(request):
    """The editor's desk: every entry of the agencies they keep, the ones due for review first."""
    actor = _editor(request)
    agencies = list(permissions.editable_agencies(actor))
    entries = selectors.entries_of_agencies([a.pk for a in agencies])
    due_before = services.review_due_before()
    return render(
        request,
        "catalogue/mine.html",
        {
            "agencies": agencies,
            "due": [e for e in entries if e.active and e.reviewed_at < due_before],
            "entries": entries,
            "agency_form": AgencyChoiceForm(agencies=agencies),
        },
    )


def _intervention_form(request, agency: Agency, *, initial=None):
    return InterventionForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        units=list(Unit.objects.filter(agency=agency).order_by("name")),
        needs=selectors.need_tags(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def new(request):
    actor = _editor(request)
    agencies = list(permissions.editable_agencies(actor))
    chosen = request.GET.get("agency") or request.POST.get("agency")
    agency = next((a for a in agencies if str(a.pk) == chosen), agencies[0])
    form = _intervention_form(request, agency)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.create_intervention(actor=actor, agency=agency, data=form.values())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The entry is saved."))
            return redirect("catalogue:entry", created.pk)
    return render(
        request,
        "catalogue/edit.html",
        {"form": form, "agency": agency, "entry": None},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    actor = Actor.from_request(request)
    found = _entry_or_404(pk)
    if not permissions.may_edit(actor, found.agency_id):
        raise PermissionDenied(_("You do not keep this agency's entries in the catalogue."))
    initial = {field: getattr(found, field) for field in services.FIELDS if field not in {"unit", "needs", "languages"}}
    initial |= {
        "unit": found.unit_id,
        "needs": [tag.slug for tag in found.needs.all()],
        "languages": found.language_codes,
        "version": found.version,
    }
    form = _intervention_form(request, found.agency, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_intervention(
                actor=actor,
                intervention=found,
                data=form.values(),
                expected_version=form.cleaned_data.get("version") or 0,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The entry is saved."))
            return redirect("catalogue:entry", found.pk)
    return render(
        request,
        "catalogue/edit.html",
        {"form": form, "agency": found.agency, "entry": found},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def review(request, pk: int):
    actor = Actor.from_request(request)
    found = _entry_or_404(pk)
    try:
        services.mark_reviewed(actor=actor, intervention=found, expected_version=int(request.POST.get("version", 0)))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Marked as reviewed. The next review is due in twelve months."))
    return redirect("catalogue:entry", found.pk)


@login_required
@require_http_methods(["GET", "POST"])
def import_entries(request):
    actor = _editor(request)
    form = ImportForm(*((request.POST, request.FILES) if request.method == "POST" else ()))
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            summary = importing.import_file(actor=actor, name=upload.name, content=upload.read())
        except importing.ImportFailed as failure:
            errors = failure.errors
        else:
            messages.success(
                request,
                _("Imported: %(created)d new and %(updated)d changed entries.")
                % {"created": summary.created, "updated": summary.updated},
            )
            return redirect("catalogue:mine")
    return render(
        request,
        "catalogue/import.html",
        {"form": form, "errors": errors},
        status=400 if (errors or form.errors) else 200,
    )


@login_required
def export(request):
    """The whole catalogue (or the editor's own agencies with ?mine=1) as CSV or Excel."""
    actor = Actor.from_request(request)
    agency_ids = None
    if request.GET.get("mine"):
        agency_ids = list(permissions.editable_agencies(actor).values_list("pk", flat=True))
    rows = importing.export_rows(selectors.entries_for_export(agency_ids))
    stamp = timezone.localdate().isoformat()
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            importing.to_xlsx(rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="insatskatalog-{stamp}.xlsx"'
    else:
        response = HttpResponse(importing.to_csv(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="insatskatalog-{stamp}.csv"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def edit_profile(request, agency_id: int):
    actor = Actor.from_request(request)
    if not permissions.may_edit(actor, agency_id):
        raise PermissionDenied(_("You do not keep this agency's profile."))
    agency, profile = selectors.agency_with_profile(agency_id)
    initial = {}
    if profile is not None:
        initial = {field: getattr(profile, field) for field in services.PROFILE_FIELDS}
        initial["forum_seats"] = "\n".join(f"{s.forum} – {s.representative}" for s in profile.forum_seats.all())
    form = ProfileForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data, seats = form.values()
        try:
            services.update_profile(actor=actor, agency=agency, data=data, forum_seats=seats)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The profile is saved."))
            return redirect("catalogue:public_agency", agency.pk)
    return render(
        request, "catalogue/profile_edit.html", {"form": form, "agency": agency}, status=400 if form.errors else 200
    )


def child_age(child_view) -> int | None:
    """The child's age in whole years, or None if the viewer may not see the date of birth."""
    born = child_view.date_of_birth
    if born is None or isinstance(born, Withheld):
        return None
    return age_on(born, timezone.localdate())


@login_required
@require_http_methods(["GET", "POST"])
def suggest(request, child_id: int):
    """ "Föreslå insatser": needs picked by staff (a POST: needs never reach the address bar),
    the child's age from the record the viewer may see, in the staff member's own area."""
    actor = Actor.from_request(request)
    child = children_selectors.child_view(actor, child_id, detail="catalogue_suggestions")
    form = SuggestForm(request.POST if request.method == "POST" else None, needs=selectors.need_tags())
    age = child_age(child)
    hits = None
    if request.method == "POST" and form.is_valid():
        hits = selectors.suggest_interventions(
            needs=form.cleaned_data["behov"], age=age, principal_ids=selectors.default_area(actor)
        )
    return render(
        request,
        "catalogue/suggest.html",
        {"child": child, "form": form, "age": age, "hits": hits, "home": selectors.home_principal(actor)},
        status=400 if form.errors else 200,
    )
