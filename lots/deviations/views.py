"""Deviation pages: the list (to handle, my reports, the steering group's), reporting one, and
one deviation's page with the steps of its handling."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lots.access import policy
from lots.children import chooser
from lots.children import selectors as children_selectors
from lots.core.forms import apply_errors
from lots.deviations import forms, selectors, services
from lots.organisations.actor import Actor


@login_required
def deviation_list(request):
    actor = Actor.from_request(request)
    tabs = selectors.tabs_for(actor)
    tab = request.GET.get("visa", tabs[0])
    tab = tab if tab in tabs else tabs[0]
    show = request.GET.get("status", "open")
    show = show if show in {"open", "closed", "all"} else "open"
    page, rows = selectors.deviation_list(actor, tab=tab, show=show, page_number=request.GET.get("page", 1))
    return render(
        request,
        "deviations/list.html",
        {
            "page": page,
            "rows": rows,
            "tabs": tabs,
            "tab": tab,
            "show": show,
            "may_report": actor.membership is not None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def deviation_new(request):
    actor = Actor.from_request(request)
    if actor.membership is None:
        raise policy.Denied()
    agencies = selectors.agencies_for_report(actor)
    initial = {"agencies": [str(actor.agency_id)]}
    if request.GET.get("barn"):
        initial["child"] = request.GET["barn"]
    children = chooser.choosable(actor, request, chosen=initial.get("child", ""))
    form = forms.DeviationForm(
        request.POST if request.method == "POST" else None, agencies=agencies, children=children, initial=initial
    )
    if request.method == "POST" and form.is_valid() and not chooser.searching(form):
        data = form.cleaned_data
        chosen = set(data["agencies"])
        child = children_selectors.child_for_action(actor, int(data["child"])) if data["child"] else None
        try:
            with transaction.atomic():
                deviation = services.report_deviation(
                    actor=actor,
                    kind=data["kind"],
                    happened_on=data["happened_on"],
                    description=data["description"],
                    consequence=data["consequence"],
                    agencies=[a for a in agencies if str(a.pk) in chosen],
                    child=child,
                )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("The deviation is reported. The nearest managers of the agencies involved are told.")
            )
            return redirect("deviations:detail", deviation.pk)
    return render(request, "deviations/form.html", {"form": form}, status=400 if form.errors else 200)


def _page(request, deviation_id: int, **forms_shown):
    view = selectors.deviation_page(Actor.from_request(request), deviation_id)
    context = {
        "view": view,
        "d": view.deviation,
        "analysis_form": forms.AnalysisForm(),
        "close_form": forms.CloseForm(),
        "reason_form": forms.ReasonForm(),
        "note_form": forms.NoteForm(),
        **forms_shown,
    }
    return render(request, "deviations/detail.html", context, status=400 if forms_shown else 200)


@login_required
def deviation_detail(request, deviation_id: int):
    return _page(request, deviation_id)


def _act(request, deviation_id: int, form_class, form_name: str, call: Callable, done: str):
    actor = Actor.from_request(request)
    deviation = selectors.deviation_for_action(actor, deviation_id)
    form = form_class(request.POST)
    version = request.POST.get("version")
    if form.is_valid():
        try:
            with transaction.atomic():
                call(actor, deviation, form.cleaned_data, int(version) if version and version.isdigit() else None)
        except PermissionDenied:
            raise policy.Denied() from None
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("deviations:detail", deviation_id)
    return _page(request, deviation_id, **{form_name: form})


@login_required
@require_POST
def confirm(request, deviation_id: int):
    return _act(
        request,
        deviation_id,
        forms.NoteForm,
        "note_form",
        lambda a, d, data, v: services.confirm_proposal(actor=a, deviation=d, note=data["note"], version=v),
        _("The deviation is confirmed and goes to the managers of the agencies involved."),
    )


@login_required
@require_POST
def dismiss(request, deviation_id: int):
    return _act(
        request,
        deviation_id,
        forms.ReasonForm,
        "reason_form",
        lambda a, d, data, v: services.dismiss_proposal(actor=a, deviation=d, reason=data["reason"], version=v),
        _("The proposal is dismissed. Lots will not propose it again."),
    )


@login_required
@require_POST
def analysis(request, deviation_id: int):
    return _act(
        request,
        deviation_id,
        forms.AnalysisForm,
        "analysis_form",
        lambda a, d, data, v: services.record_analysis(
            actor=a, deviation=d, analysis=data["analysis"], measures=data["measures"], version=v
        ),
        _("Your agency's analysis and measures are recorded."),
    )


@login_required
@require_POST
def close(request, deviation_id: int):
    return _act(
        request,
        deviation_id,
        forms.CloseForm,
        "close_form",
        lambda a, d, data, v: services.close(actor=a, deviation=d, outcome=data["outcome"], version=v),
        _("The deviation is closed."),
    )


@login_required
@require_POST
def reopen(request, deviation_id: int):
    return _act(
        request,
        deviation_id,
        forms.ReasonForm,
        "reason_form",
        lambda a, d, data, v: services.reopen(actor=a, deviation=d, reason=data["reason"], version=v),
        _("The deviation is reopened with its history."),
    )
