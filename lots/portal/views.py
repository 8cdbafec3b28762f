"""The family view's pages: thin; the policy and the log are in selectors and services."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lots.core.entrances import family_sign_in_offered
from lots.core.idempotency import new_key
from lots.people.identity import parse_identity_number
from lots.plans.models.experience import QUESTIONS, Answer
from lots.plans.pdf import render_family_plan_pdf
from lots.portal import oidc, selectors, services
from lots.portal.forms import DemoSignInForm


def family_only(view):
    """A family member's session only (`services.FAMILY_SESSION_KEY`); anyone else: 404."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        account = None
        if request.user.is_authenticated:
            account = selectors.account_of(request.user.pk, request.session.get(services.FAMILY_SESSION_KEY))
        if account is None:
            raise Http404
        request.family_account = account
        return view(request, *args, **kwargs)

    return wrapped


def sign_in(request):
    """With e-legitimation through the family's IdP (decision 0010) where one is configured; on a
    demo install also by identity number in a form (the demo's guardians). Neither: 404."""
    if not family_sign_in_offered():
        raise Http404
    idp = oidc.FamilyProvider.enabled()
    form = DemoSignInForm(request.POST or None) if settings.LOTS_DEMO else None
    if form is not None and request.method == "POST" and form.is_valid():
        number = parse_identity_number(form.cleaned_data["identity_number"]).digits
        account = services.account_for_identity_number(identity_number=number)
        if account is not None:
            services.sign_in(request=request, account=account, method="family-demo")
            return redirect("portal:home")
        form.add_error(None, _("We could not find you. Ask the person who leads your plan."))
    failed = request.GET.get("idp") == "misslyckades"
    return render(request, "portal/sign_in.html", {"form": form, "idp": idp, "failed": failed})


@family_only
def home(request):
    children = selectors.my_children(request.family_account)
    return render(request, "portal/home.html", {"children": children, "account": request.family_account})


@family_only
def child(request, child_id: int):
    return _child_page(request, child_id)


def _child_page(request, child_id: int, *, kept: dict | None = None):
    """The child's page; `kept`: the family's words as sent when they could not be saved."""
    page = selectors.child_page(request.family_account, child_id)
    context = {
        "page": page,
        "account": request.family_account,
        "submission_key": new_key(),
        "questions": QUESTIONS,
        "answers": Answer.choices,
        "kept": kept,
    }
    return render(request, "portal/child.html", context, status=400 if kept else 200)


@family_only
@require_POST
def answer(request, child_id: int, consent_id: int):
    consent = selectors.consent_for_action(request.family_account, child_id, consent_id)
    try:
        services.answer_consent(
            account=request.family_account, consent=consent, agrees=request.POST.get("agrees") == "yes"
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Thank you. Your answer is saved."))
    return redirect("portal:child", child_id)


@family_only
@require_POST
def withdraw(request, child_id: int, consent_id: int):
    consent = selectors.consent_for_action(request.family_account, child_id, consent_id)
    try:
        services.withdraw_consent(account=request.family_account, consent=consent)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The consent is withdrawn. From now on the agencies may not share under it."))
    return redirect("portal:child", child_id)


@family_only
@require_POST
def write_words(request, child_id: int, sip_id: int):
    try:
        services.write_own_words(
            account=request.family_account,
            child_id=child_id,
            sip_id=sip_id,
            kind=request.POST.get("kind", ""),
            text=request.POST.get("text", ""),
            submission_key=request.POST.get("submission_key", ""),
        )
    except ValidationError as error:
        # The page again with what was typed and why it was not saved, beside the text box.
        kept = {key: request.POST.get(key, "") for key in ("kind", "text", "submission_key")}
        kept.update(sip_id=sip_id, error=" ".join(error.messages))
        return _child_page(request, child_id, kept=kept)
    messages.success(request, _("Thank you. The people who work with the plan can now read what you wrote."))
    return redirect("portal:child", child_id)


@family_only
@require_POST
def answer_experience(request, child_id: int, sip_id: int):
    try:
        services.answer_experience(
            account=request.family_account,
            child_id=child_id,
            sip_id=sip_id,
            occasion=request.POST.get("occasion", ""),
            listened_to=request.POST.get("listened_to", ""),
            knows_whom_to_call=request.POST.get("knows_whom_to_call", ""),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Thank you for answering. The answers help the agencies to do better."))
    return redirect("portal:child", child_id)


@family_only
def meeting_ics(request, child_id: int, meeting_id: int):
    body = selectors.meeting_ics(request.family_account, child_id, meeting_id)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="sip-mote.ics"'
    return response


@family_only
def who_has_read(request, child_id: int):
    reads = selectors.who_has_read(request.family_account, child_id)
    return render(request, "portal/who_has_read.html", {"reads": reads, "child_id": child_id})


@family_only
def plan_pdf(request, child_id: int, sip_id: int):
    plan = selectors.plan_for_print(request.family_account, child_id, sip_id)
    response = HttpResponse(render_family_plan_pdf(request, plan), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="samordnad-individuell-plan.pdf"'
    return response
