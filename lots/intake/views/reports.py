"""Concern-report pages: filing, "Mina anmälningar", the reception queue and a report's page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from lots.children import chooser
from lots.children import selectors as children_selectors
from lots.core.forms import apply_errors
from lots.intake import deadlines, forms, selectors
from lots.intake.policies import is_reception
from lots.intake.services import reports as services
from lots.organisations.actor import Actor


@login_required
@require_http_methods(["GET", "POST"])
def report_new(request):
    actor = Actor.from_request(request)
    agencies = selectors.social_services_for(actor)
    children = chooser.choosable(actor, request)
    initial = {"reporter_name": request.user.get_full_name(), "reporter_email": request.user.email}
    form = forms.ConcernReportForm(
        request.POST if request.method == "POST" else None, agencies=agencies, children=children, initial=initial
    )
    if request.method == "POST" and form.is_valid() and not chooser.searching(form):
        data = form.cleaned_data
        child = None
        if data["child"]:
            child = children_selectors.child_for_action(actor, int(data["child"]))
        try:
            with transaction.atomic():
                filed = services.file_report(
                    actor=actor,
                    receiving_agency=next((a for a in agencies if str(a.pk) == data["receiving_agency"]), None),
                    submission_key=data["submission_key"],
                    observed=data["observed"],
                    observed_on=data["observed_on"],
                    violence=data["violence"],
                    guardians_informed=data["guardians_informed"],
                    guardians_not_informed_reason=data["guardians_not_informed_reason"],
                    child=child,
                    identity_number=data["identity_number"],
                    child_name=data["child_name"],
                    child_details=data["child_details"],
                    reporter_name=data["reporter_name"],
                    reporter_phone=data["reporter_phone"],
                    reporter_email=data["reporter_email"],
                    feedback_requested=data["feedback_requested"],
                )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The concern report has been sent to social services."))
            return redirect("intake:my_report", filed.value.pk)
    return render(request, "intake/report_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def my_reports(request):
    page, reports = selectors.my_reports(Actor.from_request(request), page_number=request.GET.get("page", 1))
    context = {"page": page, "reports": reports, "is_reception": is_reception(Actor.from_request(request))}
    return render(request, "intake/my_reports.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def my_report(request, report_id: int):
    """The reporter's own report; a POST asks social services for feedback after filing."""
    actor = Actor.from_request(request)
    error = None
    if request.method == "POST":
        try:
            services.request_feedback(actor=actor, report_id=report_id)
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            messages.success(request, _("You have asked social services for feedback on the report."))
            return redirect("intake:my_report", report_id)
    report = selectors.my_report(actor, report_id)
    return render(request, "intake/my_report.html", {"report": report, "error": error}, status=400 if error else 200)


@login_required
def queue(request):
    actor = Actor.from_request(request)
    status = request.GET.get("status", "")
    step = request.GET.get("step", "")
    violence_only = request.GET.get("violence") == "1"
    include_closed = request.GET.get("closed") == "1"
    page, rows = selectors.reception_queue(
        actor,
        status=status,
        step=step,
        violence_only=violence_only,
        include_closed=include_closed,
        page_number=request.GET.get("page", 1),
    )
    return render(
        request,
        "intake/queue.html",
        {
            "page": page,
            "rows": rows,
            "counts": selectors.queue_counts(actor),
            "statuses": [(s.value, deadlines.STATUS_LABELS[s]) for s in deadlines.OPEN_STATUSES],
            "steps": [(r.key, r.label) for r in deadlines.RULES.values() if r.key != deadlines.REQUEST_ACCEPTANCE],
            "filters": {"status": status, "step": step, "violence": violence_only, "closed": include_closed},
        },
    )


ACTIONS = {
    "protection": forms.ProtectionForm,
    "decision": forms.DecisionForm,
    "extend": forms.ExtendForm,
    "link_child": forms.LinkChildForm,
}


def _run(actor, action: str, report_id: int, data: dict, version: int):
    if action == "protection":
        services.record_protection_assessment(
            actor=actor, report_id=report_id, outcome=data["outcome"], note=data["note"], version=version
        )
    elif action == "decision":
        services.decide(
            actor=actor,
            report_id=report_id,
            outcome=data["outcome"],
            reason=data["reason"],
            investigation_reference=data["investigation_reference"],
            version=version,
        )
    elif action == "extend":
        services.extend_investigation(
            actor=actor, report_id=report_id, until=data["until"], reason=data["reason"], version=version
        )
    elif action == "link_child":
        services.link_child(
            actor=actor,
            report_id=report_id,
            identity_number=data["identity_number"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            date_of_birth=data["date_of_birth"],
            version=version,
        )
    elif action == "conclude":
        services.conclude_investigation(actor=actor, report_id=report_id, version=version)
    elif action == "feedback":
        services.give_feedback(actor=actor, report_id=report_id, version=version)
    elif action in ("meeting_reporter", "meeting_family"):
        services.offer_meeting(actor=actor, report_id=report_id, to=action.split("_")[1], version=version)


#: What each action says it did.
DONE = {
    "protection": gettext_lazy("The protection assessment is recorded."),
    "decision": gettext_lazy("The decision is recorded."),
    "extend": gettext_lazy("The investigation time is extended."),
    "link_child": gettext_lazy("The report is linked to the child's record."),
    "conclude": gettext_lazy("The investigation is concluded."),
    "feedback": gettext_lazy("The feedback is given to the reporter."),
    "meeting_reporter": gettext_lazy("A meeting is offered to the reporter."),
    "meeting_family": gettext_lazy("A meeting is offered to the child and the guardians."),
}

#: Steps that cannot be undone: the first POST shows what the step does and asks to confirm.
CONFIRM = {
    "conclude": (
        gettext_lazy("Conclude the investigation?"),
        gettext_lazy(
            "The investigation is recorded as concluded and the report leaves the reception's queue. "
            "This cannot be undone."
        ),
        gettext_lazy("Yes, conclude the investigation"),
    ),
    "feedback": (
        gettext_lazy("Give feedback to the reporter?"),
        gettext_lazy(
            "The reporter is told whether an investigation was opened, and nothing more (SoL 19 kap. 6 §). "
            "Feedback given cannot be taken back."
        ),
        gettext_lazy("Yes, give the feedback"),
    ),
}


@login_required
@require_http_methods(["GET", "POST"])
def report_detail(request, report_id: int):
    actor = Actor.from_request(request)
    detail = selectors.report_for_reception(actor, report_id)
    report = detail.report
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action in CONFIRM and request.POST.get("confirmed") != "yes":
        question, explanation, button = CONFIRM[action]
        context = {"report": report, "action": action, "question": question, "explanation": explanation}
        # The version the caseworker saw, so that a change made meanwhile is still refused.
        seen = request.POST.get("version") or report.version
        return render(request, "intake/confirm.html", {**context, "button": button, "version": seen})
    bound = {}
    for name, form_class in ACTIONS.items():
        kwargs = {"violence": report.concerns_violence} if name == "decision" else {}
        data = request.POST if action == name else None
        bound[name] = form_class(data, initial={"version": report.version}, prefix=name, **kwargs)
    error = None
    if action:
        form = bound.get(action)
        if form is None or form.is_valid():
            data = form.cleaned_data if form is not None else {}
            try:
                version = int(request.POST.get("version") or data.get("version") or 0)
            except ValueError:
                version = 0
            try:
                with transaction.atomic():
                    _run(actor, action, report.pk, data, version)
            except ValidationError as problem:
                if form is not None:
                    apply_errors(form, problem)
                else:
                    error = " ".join(problem.messages)
            else:
                messages.success(request, str(DONE[action]))
                return redirect("intake:report", report.pk)
    status = 400 if (error or any(f.errors for f in bound.values())) else 200
    return render(
        request,
        "intake/report_detail.html",
        {"detail": detail, "report": report, "forms": bound, "error": error},
        status=status,
    )
