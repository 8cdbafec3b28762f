"""Routine pages: the list, a version (flowchart, text, checklist), editing, reading, follow-up."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lots.catalogue import selectors as catalogue_selectors
from lots.core.forms import apply_errors
from lots.followup.suppression import threshold
from lots.organisations.actor import Actor
from lots.routines import flowchart, forms, selectors
from lots.routines.models import Routine
from lots.routines.services import versions as services


@login_required
def routine_list(request):
    actor = Actor.from_request(request)
    context = {"rows": selectors.routine_list(actor), "to_read": selectors.to_read(actor)}
    return render(request, "routines/list.html", context)


@login_required
def to_read(request):
    return render(request, "routines/to_read.html", {"versions": selectors.to_read(Actor.from_request(request))})


@login_required
def version(request, version_id: int):
    actor = Actor.from_request(request)
    shown = selectors.version_for(actor, version_id)
    steps = list(shown.steps.all())
    context = {
        "version": shown,
        "steps": steps,
        "svg": flowchart.render(steps, title=f"{shown.routine.name}, v{shown.number}"),
        "acknowledged": selectors.acknowledged(actor, shown),
        "concerns_me": selectors.concerns(actor, shown),
        "follows_up": selectors.follows_up(actor, shown.routine),
    }
    return render(request, "routines/version.html", context)


@login_required
@require_POST
def acknowledge(request, version_id: int):
    actor = Actor.from_request(request)
    shown = selectors.version_for(actor, version_id)
    try:
        services.acknowledge(actor=actor, version=shown)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Thank you: you have acknowledged that you have read the routine."))
    return redirect("routines:version", shown.pk)


@login_required
def read_status(request, version_id: int):
    actor = Actor.from_request(request)
    shown = selectors.version_for(actor, version_id)
    rows = selectors.read_status(actor, shown)
    totals = {"concerned": sum(r.concerned for r in rows), "read": sum(r.read for r in rows)}
    return render(request, "routines/read_status.html", {"version": shown, "rows": rows, "totals": totals})


@login_required
def process(request, routine_id: int):
    actor = Actor.from_request(request)
    shown, figures = selectors.process_view(actor, routine_id)
    steps = list(shown.steps.all())
    stalled = max(figures.values(), key=lambda f: f.open, default=None)
    stalled_key = stalled.key if stalled is not None and stalled.open and "open" not in stalled.hidden else None
    svg = flowchart.render(
        steps, title=_("Process view: %(name)s") % {"name": shown.routine.name}, figures=figures, stalled=stalled_key
    )
    rows = [(step, figures.get(step.key)) for step in steps]
    context = {"version": shown, "svg": svg, "rows": rows, "stalled": stalled_key, "small": threshold()}
    return render(request, "routines/process.html", context)


def _editable_routine(actor, routine_id: int) -> Routine:
    routine = get_object_or_404(Routine, pk=routine_id)
    if not services.is_editor(actor, routine):
        raise PermissionDenied
    return routine


@login_required
@require_POST
def draft(request, routine_id: int):
    actor = Actor.from_request(request)
    routine = _editable_routine(actor, routine_id)
    new = services.draft_version(actor=actor, routine=routine)
    return redirect("routines:edit", new.pk)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, version_id: int):
    actor = Actor.from_request(request)
    try:
        shown = selectors.version_for(actor, version_id)
    except Http404:
        raise PermissionDenied from None
    if not shown.editable:
        raise PermissionDenied
    initial = {"summary": shown.summary, "changes": shown.changes, "concerns_roles": shown.concerns_roles}
    form = forms.VersionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.update_version(actor=actor, version=shown, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The version has been saved."))
            return redirect("routines:edit", shown.pk)
    steps = list(shown.steps.all())
    context = {"version": shown, "form": form, "steps": steps, "svg": flowchart.render(steps, title=shown.routine.name)}
    return render(request, "routines/edit.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def step_edit(request, version_id: int, step_id: int | None = None):
    actor = Actor.from_request(request)
    try:
        shown = selectors.version_for(actor, version_id)
        step = selectors.step_for_editor(actor, step_id) if step_id else None
    except Http404:
        raise PermissionDenied from None
    if not shown.editable or (step is not None and step.version_id != shown.pk):
        raise PermissionDenied
    initial = {}
    if step is not None:
        initial = {
            **{
                f: getattr(step, f)
                for f in ("key", "title", "title_en", "instructions", "responsible_role", "agency_kind")
            },
            **{f: getattr(step, f) for f in ("deadline_days", "deadline_kind", "legal_references", "documents")},
            "relative_to": step.relative_to.key if step.relative_to else "",
            "next_steps": "\n".join(
                f"{b.condition}: {b.to_step.key}" if b.condition else b.to_step.key
                for b in step.branches.select_related("to_step")
            ),
            "interventions": [str(pk) for pk in step.interventions.values_list("pk", flat=True)],
        }
    form = forms.StepForm(
        request.POST or None, initial=initial, interventions=catalogue_selectors.offered_interventions()
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                services.save_step(
                    actor=actor,
                    version=shown,
                    step=step,
                    next_steps=services.parse_next(data.pop("next_steps")),
                    intervention_ids=[int(pk) for pk in data.pop("interventions")],
                    **data,
                )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The step has been saved."))
            return redirect("routines:edit", shown.pk)
    context = {"version": shown, "step": step, "form": form}
    return render(request, "routines/step_form.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def step_delete(request, version_id: int, step_id: int):
    actor = Actor.from_request(request)
    try:
        step = selectors.step_for_editor(actor, step_id)
    except Http404:
        raise PermissionDenied from None
    try:
        with transaction.atomic():
            services.delete_step(actor=actor, step=step)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return redirect("routines:step_edit", step.version_id, step.pk)
    messages.success(request, _("The step has been removed."))
    return redirect("routines:edit", step.version_id)


@login_required
@require_POST
def publish(request, version_id: int):
    actor = Actor.from_request(request)
    shown = selectors.version_for(actor, version_id)
    try:
        with transaction.atomic():
            services.publish(actor=actor, version=shown)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return redirect("routines:edit", shown.pk)
    messages.success(request, _("The version is published. Staff it concerns have been asked to read it."))
    return redirect("routines:version", shown.pk)
