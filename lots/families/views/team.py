"""The team's pages: its queue, waiting list and workload; a referral and the team's decision."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lots.core.forms import apply_errors
from lots.families import figures, forms, services
from lots.families.models import ReferralSource, ReferralStatus, SelfReferral
from lots.families.selectors import engagements as selectors
from lots.organisations.actor import Actor
from lots.people.models import Child


@login_required
@require_http_methods(["GET", "POST"])
def team(request):
    actor = Actor.from_request(request)
    if request.method == "POST" and request.POST.get("action") == "called_back":
        try:
            services.mark_called_back(actor=actor, self_referral_id=int(request.POST.get("self_referral", "")))
        except (ValueError, SelfReferral.DoesNotExist):
            messages.error(request, _("That request is not in the team's list."))
        else:
            messages.success(request, _("Marked as called back."))
        return redirect("families:team")
    page = selectors.team_page(actor)
    criteria_form = None
    if page.team is not None and actor.manages_unit:
        criteria = services.criteria_for(page.team)
        initial = {f: getattr(criteria, f) for f in forms.CriteriaForm.base_fields}
        criteria_form = forms.CriteriaForm(request.POST if request.method == "POST" else None, initial=initial)
        if request.method == "POST" and criteria_form.is_valid():
            try:
                with transaction.atomic():
                    services.set_criteria(actor=actor, team=page.team, **criteria_form.cleaned_data)
            except ValidationError as error:
                apply_errors(criteria_form, error)
            else:
                messages.success(request, _("The team's criteria are saved."))
                return redirect("families:team")
    context = {
        "page": page,
        "self_referrals": selectors.self_referrals_waiting(actor),
        "engagements": selectors.my_engagements(actor),
        "criteria_form": criteria_form,
        "figures": figures.shown(figures.team_counts([page.team.pk])) if page.team else None,
    }
    return render(request, "families/team.html", context, status=400 if criteria_form and criteria_form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def referral_new(request, child_id: int):
    actor = Actor.from_request(request)
    child, start = selectors.referral_start(actor, child_id)
    form = forms.ReferralForm(
        request.POST if request.method == "POST" else None,
        teams=start.teams,
        households=start.households,
        representatives=start.representatives,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                referral = services.refer_family(
                    actor=actor,
                    team=next(t for t in start.teams if str(t.pk) == data["team"]),
                    child=child,
                    household=next(h for h in start.households if str(h.pk) == data["household"]),
                    source=ReferralSource.AGENCY,
                    needs=data["needs"],
                    members_with_needs=data["members_with_needs"],
                    agencies_involved=data["agencies_involved"],
                    representative=next(
                        (u for u in start.representatives if str(u.pk) == data["representative"]), None
                    ),
                )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The family has been referred to the team."))
            return redirect("families:referral", referral.pk)
    context = {"form": form, "child": start.child}
    return render(request, "families/referral_form.html", context, status=400 if form.errors else 200)


def _start_form(page, data=None):
    return forms.StartForm(
        data,
        coordinators=page.coordinators,
        children=page.household_children,
        adults=page.household_adults,
        agencies=page.agencies,
        prefix="start",
    )


def _start(actor, page, form):
    data = form.cleaned_data
    with_needs = set(data["with_needs"])
    children = {f"c{c.pk}": c for c in Child.objects.filter(pk__in=[v.pk for v in page.household_children])}
    adults = {f"a{a.pk}": a for a in page.household_adults}
    people = {**children, **adults}
    return services.start_engagement(
        actor=actor,
        referral=page.referral,
        coordinator=next(u for u in page.coordinators if str(u.pk) == data["coordinator"]),
        members=[services.MemberInput(people[key], has_needs=key in with_needs) for key in data["members"]],
        agencies=[a for a in page.agencies if str(a.pk) in data["agencies"]],
        form=data["form"],
        guardians=[a for a in page.household_adults if str(a.pk) in data["guardians"]],
        adults_agree=data["adults_agree"],
    )


@login_required
@require_http_methods(["GET", "POST"])
def referral(request, referral_id: int):
    actor = Actor.from_request(request)
    page = selectors.referral_page(actor, referral_id)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    post = request.POST if request.method == "POST" else None
    decision = forms.DecisionForm(post if action == "decide" else None, initial={"version": page.referral.version})
    start = _start_form(page, post if action == "start" else None) if page.household_children else None
    form = {"decide": decision, "start": start}.get(action)
    if action and page.may_decide:
        try:
            with transaction.atomic():
                if action == "decide" and decision.is_valid():
                    services.decide_referral(actor=actor, referral=page.referral, **decision.cleaned_data)
                elif action == "start" and start is not None and start.is_valid():
                    engagement = _start(actor, page, start)
                    messages.success(request, _("Coordination has started."))
                    return redirect("families:engagement", engagement.pk)
                elif action == "take":
                    services.take_from_waiting_list(actor=actor, referral=page.referral)
                elif action == "withdraw":
                    services.withdraw_referral(actor=actor, referral=page.referral)
                if form is None or form.is_valid():
                    messages.success(request, _("Saved."))
                    return redirect("families:referral", referral_id)
        except ValidationError as error:
            if form is not None:
                apply_errors(form, error)
            else:
                messages.error(request, " ".join(error.messages))
                return redirect("families:referral", referral_id)
    context = {
        "page": page,
        "decision_form": decision,
        "start_form": start,
        "Status": ReferralStatus,
    }
    return render(request, "families/referral.html", context, status=400 if form is not None and form.errors else 200)
