"""The shared entry point: requests for help, their forwarding, answers and journey."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lots.children import chooser
from lots.children import selectors as children_selectors
from lots.core.forms import apply_errors
from lots.intake import forms, routing, selectors
from lots.intake.policies import is_reception
from lots.intake.services import requests as services
from lots.organisations.actor import Actor


@login_required
def requests(request):
    actor = Actor.from_request(request)
    page, rows = selectors.requests_for(actor, page_number=request.GET.get("page", 1))
    context = {"page": page, "requests": rows, "is_reception": is_reception(actor)}
    return render(request, "intake/requests.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def request_new(request):
    actor = Actor.from_request(request)
    points = selectors.entry_points_for(actor)
    children = chooser.choosable(actor, request)
    form = forms.HelpRequestForm(
        request.POST if request.method == "POST" else None, entry_points=points, children=children
    )
    if request.method == "POST" and form.is_valid() and not chooser.searching(form):
        data = form.cleaned_data
        child = children_selectors.child_for_action(actor, int(data["child"])) if data["child"] else None
        try:
            with transaction.atomic():
                created = services.create_request(
                    actor=actor,
                    entry_point=next(p for p in points if str(p.pk) == data["entry_point"]),
                    submission_key=data["submission_key"],
                    who=data["who"],
                    needs=data["needs"],
                    description=data["description"],
                    family_consents=data["family_consents"],
                    child=child,
                )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The request has been sent to the shared entry point."))
            return redirect("intake:request", created.pk)
    return render(request, "intake/request_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def request_detail(request, request_id: int):
    actor = Actor.from_request(request)
    detail = selectors.request_detail(actor, request_id)
    help_request = detail.request
    action = request.POST.get("action", "") if request.method == "POST" else ""
    suggestions = routing.suggest(help_request.needs) if detail.is_coordinator else []
    units = selectors.units_for_forwarding(help_request) if detail.is_coordinator else []
    forwarded = {f.unit_id for f in detail.forwards}
    initial = {"version": help_request.version}
    forward_form = forms.ForwardForm(
        request.POST if action == "forward" else None,
        units=[u for u in units if u.pk not in forwarded],
        suggested=[s.unit for s in suggestions if s.unit.pk not in forwarded],
        initial=initial,
        prefix="forward",
    )
    answer_form = forms.AnswerForm(request.POST if action == "answer" else None, prefix="answer")
    close_form = forms.CloseForm(request.POST if action == "close" else None, initial=initial, prefix="close")
    form = {"forward": forward_form, "answer": answer_form, "close": close_form}.get(action)
    if form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                if action == "forward":
                    chosen = {str(u.pk): u for u in units}
                    services.forward_request(
                        actor=actor,
                        request_id=help_request.pk,
                        units=[chosen[pk] for pk in data["units"] if pk in chosen],
                        note=data["note"],
                        version=data["version"],
                    )
                elif action == "answer":
                    services.answer_forward(
                        actor=actor, request_id=help_request.pk, accept=data["accept"], reason=data["reason"]
                    )
                else:
                    services.close_request(
                        actor=actor, request_id=help_request.pk, reason=data["reason"], version=data["version"]
                    )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            done = {
                "forward": _("The request is forwarded."),
                "answer": _("The request is accepted.") if data.get("accept") else _("The request is declined."),
                "close": _("The request is closed."),
            }
            messages.success(request, done[action])
            return redirect("intake:request", help_request.pk)
    return render(
        request,
        "intake/request_detail.html",
        {
            "detail": detail,
            "help_request": help_request,
            "suggestions": suggestions,
            "forward_form": forward_form,
            "answer_form": answer_form,
            "close_form": close_form,
        },
        status=400 if form is not None and form.errors else 200,
    )
