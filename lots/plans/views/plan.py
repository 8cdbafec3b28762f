"""Pages of the plan as a whole: "Mina SIP:ar", requesting, the plan, its history and PDF, and the
steps of its life cycle (consent, establishing, following up, closing, cancelling)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lots.access import services as access_services
from lots.access.policy import Denied
from lots.access.secrecy import kinds_to_bits
from lots.access.selectors import agencies_for_consent, custodial_guardians
from lots.audit.models import Action
from lots.children import selectors as children_selectors
from lots.core.timeutils import end_of_day
from lots.organisations.actor import Actor
from lots.plans import forms, selectors, services
from lots.plans.pdf import render_plan_pdf
from lots.plans.views._helpers import Texts, attempt, bound, page, plan_form, run_and_tell


@login_required
def mine(request):
    ended = request.GET.get("visa") == "avslutade"
    result, rows = selectors.my_sips(Actor.from_request(request), ended=ended, page_number=request.GET.get("page", 1))
    return render(request, "plans/mine.html", {"page": result, "rows": rows, "ended": ended})


@login_required
@require_http_methods(["GET", "POST"])
def request_sip(request, child_id: int):
    actor = Actor.from_request(request)
    child = children_selectors.child_for_action(actor, child_id)
    child_view = children_selectors.child_view(actor, child_id, detail="sip request")
    form = bound(forms.RequestForm, request)
    if request.method == "POST" and form.is_valid():
        sip, form = attempt(
            form,
            lambda: services.request_sip(
                actor=actor,
                child=child,
                reason=form.cleaned_data["reason"],
                submission_key=form.cleaned_data["submission_key"],
            ),
        )
        if sip is not None:
            messages.success(request, _("The SIP is requested. Next: record the guardians' consent to it."))
            return redirect("plans:detail", sip.pk)
    context = {
        "form": form,
        "child": child_view,
        "open_sips": selectors.open_sips_for_child(actor, child_view),
        "may_request": selectors.may_request(actor),
    }
    return page(request, "plans/request.html", context, form)


@login_required
def detail(request, sip_id: int):
    plan = selectors.plan_page(Actor.from_request(request), sip_id)
    return render(request, "plans/detail.html", {"plan": plan, "sip": plan.sip, "child": plan.child})


@login_required
def history(request, sip_id: int):
    actor = Actor.from_request(request)
    sip = selectors.sip_for_action(actor, sip_id, acting=False, detail="history")
    events = selectors.history(actor, sip)
    return render(
        request, "plans/history.html", {"sip": sip, "child": selectors.child_of(actor, sip), "events": events}
    )


@login_required
def pdf(request, sip_id: int):
    """The plan as a document for the family; its production is logged as a print."""
    plan = selectors.plan_page(Actor.from_request(request), sip_id, action=Action.PRINT)
    response = HttpResponse(render_plan_pdf(request, plan), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="samordnad-individuell-plan.pdf"'
    return response


def _record_consent(actor, sip, agencies, guardians, data):
    by_id = {str(a.pk): a for a in agencies}
    chosen = {str(g.pk): g for g in guardians}
    parties = [access_services.PartyInput(guardian=chosen[g], agrees=True) for g in data["guardians"]]
    if data["child_view"].strip():
        parties.append(access_services.PartyInput(guardian=None, agrees=True, view_in_words=data["child_view"]))
    return services.record_sip_consent(
        actor=actor,
        sip=sip,
        agencies=[access_services.AgencyScope(agency=by_id[a]) for a in data["agencies"]],
        information_kinds=kinds_to_bits(data["information_kinds"]),
        form=data["form"],
        parties=parties,
        valid_until=end_of_day(data["valid_until"]) if data["valid_until"] else None,
        single_guardian_ground=data["single_guardian_ground"],
        submission_key=data["submission_key"],
    )


@login_required
@require_http_methods(["GET", "POST"])
def consent(request, sip_id: int):
    """The consent this SIP rests on, recorded from the plan so that it names this very plan."""
    actor = Actor.from_request(request)
    sip = selectors.sip_for_action(actor, sip_id)
    agencies = agencies_for_consent(actor)
    guardians = custodial_guardians(sip.child_id)
    participants = selectors.participants_for_form(actor, sip)
    form = bound(forms.SipConsentForm, request, agencies=agencies, guardians=guardians)
    form.initial["agencies"] = sorted(
        {str(sip.requesting_agency_id)} | {str(p.agency_id) for p in participants if p.is_staff}
    )
    return plan_form(
        request,
        actor=actor,
        sip=sip,
        form=form,
        call=lambda data: _record_consent(actor, sip, agencies, guardians, data),
        done=lambda consent: (
            _("The consent is recorded and in effect.")
            if consent.is_active()
            else _(
                "The consent is recorded but not yet in effect: every guardian with custody must consent. "
                "Record the next answer on the consent's page, then confirm it here."
            )
        ),
        texts=Texts(
            title=_("Consent to the SIP"),
            button=_("Record the consent"),
            lede=_(
                "The consent names this plan and the agencies that may share it with each other. Nothing written in "
                "the plan crosses between agencies before it is in effect: where two guardians have custody, when "
                "both have consented."
            ),
        ),
    )


def _simple_post(request, sip_id: int, call, done: str):
    actor = Actor.from_request(request)
    sip = selectors.sip_for_action(actor, sip_id)
    run_and_tell(request, lambda: call(actor, sip), done)
    return redirect("plans:detail", sip.pk)


@login_required
@require_POST
def confirm_consent(request, sip_id: int):
    return _simple_post(
        request,
        sip_id,
        lambda actor, sip: services.confirm_consent(actor=actor, sip=sip),
        _("The consent is in effect: the plan can be drawn up."),
    )


@login_required
@require_POST
def resume(request, sip_id: int):
    return _simple_post(
        request, sip_id, lambda actor, sip: services.resume_sip(actor=actor, sip=sip), _("The SIP is resumed.")
    )


def _lead(participants, value: str):
    return next((p for p in participants if str(p.pk) == value), None)


@login_required
@require_http_methods(["GET", "POST"])
def revise(request, sip_id: int):
    return _lead_and_follow_up(request, sip_id, establishing=False)


@login_required
@require_http_methods(["GET", "POST"])
def establish(request, sip_id: int):
    return _lead_and_follow_up(request, sip_id, establishing=True)


def _lead_and_follow_up(request, sip_id: int, *, establishing: bool):
    """The plan's lead and follow-up date: set when the plan is established, changed afterwards
    (with why the plan is needed, for the requesting agency)."""
    actor = Actor.from_request(request)
    sip = selectors.sip_for_action(actor, sip_id)
    participants = selectors.participants_for_form(actor, sip)
    with_reason = not establishing and actor.agency_id == sip.requesting_agency_id
    form = bound(forms.PlanForm, request, participants=participants, with_reason=with_reason)
    if request.method == "GET":
        # Every form starts from what is saved: a lead named a minute ago is the one proposed.
        current = (sip.lead_user_id, sip.lead_agency_id)
        lead = next((p for p in participants if (p.user_id, p.agency_id) == current), None)
        form.initial.update(version=sip.version, follow_up_on=sip.follow_up_on, lead=str(lead.pk) if lead else "")
        if with_reason:
            form.initial["reason"] = sip.reason

    def call(data):
        given = {"actor": actor, "sip": sip, "version": data["version"], "follow_up_on": data["follow_up_on"]}
        lead = _lead(participants, data["lead"])
        if establishing:
            return services.establish_plan(**given, lead=lead)
        return services.revise_plan(**given, lead=lead, reason=data.get("reason") if with_reason else None)

    if establishing:
        done = _("The plan is established. The lead is reminded before the follow-up.")
        texts = Texts(
            title=_("Establish the plan"),
            button=_("Establish the plan"),
            lede=_(
                "The plan is established when the meeting has been held and the plan names its actions, who is "
                "responsible for each, a lead and a follow-up date."
            ),
        )
    else:
        done = _("The plan is saved.")
        texts = Texts(
            title=_("Change the plan"),
            button=_("Save"),
            lede=_(
                "The lead has the overall responsibility: a municipality or a region, never the school. "
                "The lead is reminded before the follow-up date."
            ),
        )
    return plan_form(request, actor=actor, sip=sip, form=form, call=call, done=done, texts=texts)


@login_required
@require_http_methods(["GET", "POST"])
def follow_up(request, sip_id: int):
    actor = Actor.from_request(request)
    plan = selectors.plan_page(actor, sip_id)
    if not plan.may_act:
        raise Denied()
    sip = plan.sip
    form = bound(forms.FollowUpForm, request, actions=plan.actions)
    if request.method == "GET":
        form.initial["version"] = sip.version
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        reviews = [
            services.ReviewInput(
                action=action,
                done=data[f"done_{action.pk}"],
                effect=data[f"effect_{action.pk}"],
                comment=data[f"comment_{action.pk}"],
            )
            for action in plan.actions
            if data[f"done_{action.pk}"] or data[f"effect_{action.pk}"]
        ]
        done, form = attempt(
            form,
            lambda: services.follow_up_plan(
                actor=actor,
                sip=sip,
                version=data["version"],
                held_on=data["held_on"],
                summary=data["summary"],
                next_follow_up_on=data["next_follow_up_on"],
                reviews=reviews,
                submission_key=data["submission_key"],
            ),
            current_version=lambda: selectors.row_version(sip),
        )
        if done is not None:
            messages.success(request, _("The follow-up is recorded."))
            return redirect("plans:detail", sip.pk)
    return page(request, "plans/follow_up.html", {"form": form, "plan": plan, "sip": sip, "child": plan.child}, form)


@login_required
@require_http_methods(["GET", "POST"])
def close(request, sip_id: int):
    actor = Actor.from_request(request)
    sip = selectors.sip_for_action(actor, sip_id)
    form = bound(forms.CloseForm, request)
    form.initial["version"] = sip.version
    return plan_form(
        request,
        actor=actor,
        sip=sip,
        form=form,
        call=lambda data: services.close_sip(
            actor=actor,
            sip=sip,
            version=data["version"],
            closed_on=data["closed_on"],
            reason=data["reason"],
            comment=data["comment"],
        ),
        done=_("The SIP is closed."),
        texts=Texts(
            title=_("Close the plan"),
            button=_("Close the plan"),
            danger=True,
            lede=_(
                "When the plan is closed, the meetings still ahead are cancelled and the access that taking part "
                "gave ends. The plan and its history remain."
            ),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def cancel(request, sip_id: int):
    actor = Actor.from_request(request)
    sip = selectors.sip_for_action(actor, sip_id)
    form = bound(forms.CancelForm, request)
    form.initial["version"] = sip.version
    return plan_form(
        request,
        actor=actor,
        sip=sip,
        form=form,
        call=lambda data: services.cancel_sip(actor=actor, sip=sip, version=data["version"], comment=data["comment"]),
        done=_("The SIP is cancelled."),
        texts=Texts(
            title=_("Cancel the SIP"),
            button=_("Cancel the SIP"),
            danger=True,
            lede=_(
                "A SIP that was never established is cancelled with the reason. Meetings still ahead are cancelled "
                "and the access that taking part gave ends."
            ),
        ),
    )
