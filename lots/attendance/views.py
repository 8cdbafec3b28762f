"""Pages of absence: the head teacher's list, imports, signals and the municipality's thresholds."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lots.access import policy
from lots.attendance import forms, importing, layout, selectors, services
from lots.attendance.models import Level
from lots.attendance.policies import is_school_head
from lots.children import selectors as children_selectors
from lots.core.forms import apply_errors
from lots.core.uploads import read_limited
from lots.organisations.actor import Actor


@login_required
def overview(request):
    actor = Actor.from_request(request)
    found = selectors.school_overview(actor)
    context = {
        "overview": found,
        "may_import": importing.may_import(actor),
        "may_set_thresholds": actor.membership is not None
        and services.may_set_thresholds(actor, actor.membership.unit.agency.principal),
        "levels": Level,
    }
    return render(request, "attendance/overview.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def import_new(request):
    actor = Actor.from_request(request)
    if not importing.may_import(actor):
        raise policy.Denied("No import page for this role.")
    form = forms.AbsenceImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            data = read_limited(form.cleaned_data["file"], settings.LOTS_ATTENDANCE_MAX_BYTES)
            with transaction.atomic():
                job = importing.start(actor=actor, data=data, dry_run=form.cleaned_data["dry_run"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("attendance:import_result", job.pk)
    context = {"form": form, "recent": selectors.imports_of_school(actor), "columns": layout.COLUMNS}
    return render(request, "attendance/import.html", context, status=400 if form.errors else 200)


@login_required
def import_result(request, import_id: int):
    job = selectors.import_for(Actor.from_request(request), import_id)
    return render(request, "attendance/import_result.html", {"job": job})


@login_required
def import_status(request, import_id: int):
    """The progress of a big import, polled by the result page (htmx) while it runs."""
    job = selectors.import_for(Actor.from_request(request), import_id)
    response = render(request, "attendance/_import_status.html", {"job": job})
    if job.status not in ("queued", "running"):
        response["HX-Refresh"] = "true"  # done: the whole page shows the result
    return response


@login_required
@require_POST
def import_confirm(request, import_id: int):
    actor = Actor.from_request(request)
    preview = selectors.import_for(actor, import_id)
    try:
        job = importing.confirm(actor=actor, preview=type(preview).objects.get(pk=preview.pk))
    except PermissionDenied:
        raise policy.Denied("No import matches the given query.") from None
    return redirect("attendance:import_result", job.pk)


@login_required
def signals(request):
    rows = selectors.signals_for(Actor.from_request(request))
    return render(request, "attendance/signals.html", {"rows": rows})


def _signal_page(request, signal, form=None, status=200):
    actor = Actor.from_request(request)
    child = children_selectors.child_view(actor, signal.child_id, detail="absence signal")
    context = {
        "signal": signal,
        "child": child,
        "absence": selectors.child_absence(actor, signal.child_id),
        "is_head": is_school_head(actor) and signal.unit_id == actor.unit_id,
        "routine": services.routine_version(actor) if signal.level == Level.ROUTINE else None,
        "due_on": selectors.due_on(signal),
        "form": form or forms.InvestigationForm(),
        "levels": Level,
    }
    return render(request, "attendance/signal.html", context, status=status)


@login_required
def signal(request, signal_id: int):
    with policy.one_page(Actor.from_request(request)):
        found = selectors.signal_for(Actor.from_request(request), signal_id)
        return _signal_page(request, found)


def _decide(request, signal_id: int, *, start: bool):
    """The head teacher's decision on a proposed routine: start it (to the journey) or not now."""
    actor = Actor.from_request(request)
    found = selectors.signal_for(actor, signal_id)
    try:
        if start:
            journey = services.start_routine(actor=actor, signal=found)
        else:
            services.decline_routine(actor=actor, signal=found)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect("attendance:signal", found.pk)
    if start:
        messages.success(request, _("The routine for problematic school absence has been started."))
        return redirect("routines:journey", journey.pk)
    messages.success(request, _("Your decision not to start the routine now is recorded."))
    return redirect("attendance:signal", found.pk)


@login_required
@require_POST
def signal_start(request, signal_id: int):
    return _decide(request, signal_id, start=True)


@login_required
@require_POST
def signal_decline(request, signal_id: int):
    return _decide(request, signal_id, start=False)


@login_required
@require_POST
def signal_investigation(request, signal_id: int):
    actor = Actor.from_request(request)
    found = selectors.signal_for(actor, signal_id)
    form = forms.InvestigationForm(request.POST)
    if form.is_valid():
        try:
            with transaction.atomic():
                services.record_investigation(actor=actor, signal=found, **form.cleaned_data)
        except PermissionDenied:
            raise policy.Denied("No signal matches the given query.") from None
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The investigation is recorded."))
            return redirect("attendance:signal", found.pk)
    return _signal_page(request, found, form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def thresholds(request):
    actor = Actor.from_request(request)
    principal = actor.membership.unit.agency.principal if actor.membership else None
    if principal is None or not services.may_set_thresholds(actor, principal):
        raise policy.Denied("No thresholds page for this role.")
    current = services.thresholds_for(principal.pk)
    form = forms.ThresholdsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.set_thresholds(actor=actor, principal=principal, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The thresholds are saved. They hold from the next reckoning."))
            return redirect("attendance:thresholds")
    return render(
        request,
        "attendance/thresholds.html",
        {"form": form, "principal": principal},
        status=400 if form.errors else 200,
    )
