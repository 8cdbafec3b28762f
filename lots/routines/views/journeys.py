"""Journey pages: starting a routine for a child, the journey with its steps and actions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lots.children import selectors as children_selectors
from lots.core.forms import apply_errors
from lots.organisations.actor import Actor
from lots.routines import flowchart, forms, selectors
from lots.routines.models import StepStatus
from lots.routines.services import journeys as services


@login_required
@require_http_methods(["GET", "POST"])
def start(request, child_id: int):
    actor = Actor.from_request(request)
    child = children_selectors.child_view(actor, child_id, detail="start a routine")
    versions = selectors.startable_versions(actor)
    form = forms.StartForm(request.POST or None, versions=versions)
    if request.method == "POST" and form.is_valid():
        chosen = next(v for v in versions if str(v.pk) == form.cleaned_data["version"])
        try:
            with transaction.atomic():
                journey = services.start_journey(
                    actor=actor, child=children_selectors.child_for_action(actor, child_id), version=chosen
                )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The routine has been started."))
            return redirect("routines:journey", journey.pk)
    context = {"child": child, "form": form, "versions": versions}
    return render(request, "routines/start.html", context, status=400 if form.errors else 200)


def _agency_options(choices) -> str:
    """The agencies a step may go to as <option>s, written once for every open step's select."""
    options = "".join(f'<option value="{int(pk)}">{escape(name)}</option>' for pk, name in choices)
    return mark_safe(options)  # noqa: S308 (every name escaped above; format_html_join took 2.5 times as long)


@login_required
def journey(request, journey_id: int):
    return _journey(request, Actor.from_request(request), journey_id)


def _journey(request, actor: Actor, journey_id: int, *, failed: forms.StepActionForm | None = None, step_id=None):
    """The journey page; after a refused step action, with that step's form open as it was sent
    (the way on chosen, the note typed) and its errors summed up at the top."""
    page = selectors.journey_page(actor, journey_id)
    context = {
        "page": page,
        "svg": flowchart.render(page.drawn_steps, title=page.journey.routine.name, current=page.current_keys),
        "agency_options": _agency_options(services.handover_agencies(actor)),
        "actor_agency_id": actor.agency_id,
        "actor_unit_id": actor.unit_id,
        "Status": StepStatus,
        "failed": failed,
        "failed_step_id": step_id,
    }
    return render(request, "routines/journey.html", context, status=400 if failed is not None else 200)


@login_required
def hand_over(request, step_id: int):
    """Choosing where a step goes: the agency, then one of its units (a region's units are
    thousands: one list of them all was neither usable nor fast)."""
    actor = Actor.from_request(request)
    js = selectors.step_to_hand_over(actor, step_id)
    if not services.may_hand_over(actor, js):
        return render(request, "routines/hand_over.html", {"js": js, "may_hand_over": False})
    form = forms.HandoverAgencyForm(request.GET or None, agencies=services.handover_agencies(actor))
    chosen = form.cleaned_data["verksamhet"] if form.is_valid() else None
    context = {
        "js": js,
        "form": form,
        "may_hand_over": True,
        "units": services.handover_choices(actor, chosen) if chosen is not None else [],
    }
    return render(request, "routines/hand_over.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def act(request, step_id: int):
    actor = Actor.from_request(request)
    js = selectors.journey_step_for_action(actor, step_id)
    form = forms.StepActionForm(request.POST, auto_id=f"step{js.pk}-%s")
    if not form.is_valid():
        return _journey(request, actor, js.journey_id, failed=form, step_id=js.pk)
    data = form.cleaned_data
    try:
        with transaction.atomic():
            if data["action"] == "complete":
                services.complete_step(actor=actor, journey_step=js, next_key=data["next_key"], note=data["reason"])
            elif data["action"] == "skip":
                services.skip_step(actor=actor, journey_step=js, next_key=data["next_key"], reason=data["reason"])
            elif data["action"] == "hand_over":
                unit = services.handover_unit(actor, data["to_unit"])
                services.hand_over(actor=actor, journey_step=js, to_unit=unit, note=data["reason"])
            elif data["action"] == "accept":
                services.accept_handover(actor=actor, journey_step=js)
            else:
                services.take_step(actor=actor, journey_step=js)
    except ValidationError as error:
        if data["action"] in ("complete", "skip"):  # the step's form, shown again as it was sent
            apply_errors(form, error)
            return _journey(request, actor, js.journey_id, failed=form, step_id=js.pk)
        for text in error.messages:
            messages.error(request, text)
    except PermissionDenied:
        messages.error(request, _("You cannot act on this step."))
    else:
        messages.success(request, _("The step has been updated."))
    return redirect("routines:journey", js.journey_id)
