"""A family's engagement: the contact map (a picture and its table), the family's priorities,
the outcome measures, and the end of the coordination."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lots.core.forms import apply_errors
from lots.families import ecomap, forms, services
from lots.families.selectors import engagements as selectors
from lots.organisations.actor import Actor


def _contact_form(actor, engagement, data=None, initial=None):
    agencies = selectors.agencies_around(engagement.team)
    members = [
        (str(m.pk), str(m.child) if m.child_id else m.adult.full_name)
        for m in selectors.member_choices(actor, engagement)
    ]
    form = forms.ContactForm(
        data, members=members, agencies=agencies, units=selectors.units_of(agencies), initial=initial, prefix="contact"
    )
    return form, agencies


ACTIONS = ("contact", "priorities", "rating", "end", "withdraw")


def _act(actor, engagement, action, form, agencies):
    if action == "contact":
        services.add_contact(
            actor=actor,
            engagement=engagement,
            data=selectors.contact_input(actor, engagement, agencies, form.cleaned_data),
        )
    elif action == "priorities":
        data = form.cleaned_data
        services.set_priorities(
            actor=actor, engagement=engagement, texts=[data["first"], data["second"], data["third"]]
        )
    elif action == "rating":
        services.record_rating(actor=actor, engagement=engagement, **form.cleaned_data)
    elif action == "end":
        services.end_engagement(actor=actor, engagement=engagement, reason=form.cleaned_data["reason"])
    elif action == "withdraw":
        services.withdraw_family_consent(actor=actor, engagement=engagement, **form.cleaned_data)


@login_required
@require_http_methods(["GET", "POST"])
def engagement(request, engagement_id: int):
    actor = Actor.from_request(request)
    page = selectors.engagement_page(actor, engagement_id)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    post = request.POST if request.method == "POST" else None
    bound = {name: post if action == name else None for name in ACTIONS}
    contact_form, agencies = _contact_form(actor, page.engagement, bound["contact"]) if page.may_change else (None, [])
    current = {f: p.text for f, p in zip(("first", "second", "third"), page.priorities, strict=False)}
    built = {
        "contact": contact_form,
        "priorities": forms.PrioritiesForm(bound["priorities"], initial=current, prefix="priorities"),
        "rating": forms.RatingForm(bound["rating"], prefix="rating"),
        "end": forms.EndForm(bound["end"], prefix="end"),
        "withdraw": forms.WithdrawForm(bound["withdraw"], prefix="withdraw"),
    }
    form = built.get(action)
    if form is not None and page.may_change and form.is_valid():
        try:
            with transaction.atomic():
                _act(actor, page.engagement, action, form, agencies)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if action == "withdraw":
                messages.success(request, _("The consent is withdrawn and the coordination has ended."))
                return redirect("families:team")
            messages.success(request, _("Saved."))
            return redirect("families:engagement", engagement_id)
    drawing = ecomap.contact_map(page.household.name, [(row.name, row.contacts) for row in page.members])
    context = {"page": page, "forms": built, "drawing": drawing}
    return render(request, "families/engagement.html", context, status=400 if form is not None and form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def contact(request, contact_id: int):
    actor = Actor.from_request(request)
    found = selectors.contact_for_action(actor, contact_id)
    engagement = found.engagement
    initial = {
        "member": str(found.member_id),
        "agency": str(found.agency_id),
        "unit": str(found.unit_id or ""),
        "person_name": found.person_name,
        "purpose": found.purpose,
        "frequency": found.frequency,
        "next_appointment": found.next_appointment,
    }
    action = request.POST.get("action", "") if request.method == "POST" else ""
    form, agencies = _contact_form(actor, engagement, request.POST if action == "change" else None, initial)
    try:
        with transaction.atomic():
            if action == "change" and form.is_valid():
                services.change_contact(
                    actor=actor,
                    contact=found,
                    data=selectors.contact_input(actor, engagement, agencies, form.cleaned_data),
                )
            elif action == "end":
                services.end_contact(actor=actor, contact=found)
            if action and not form.errors:
                messages.success(request, _("Saved."))
                return redirect("families:engagement", engagement.pk)
    except ValidationError as error:
        apply_errors(form, error)
    return render(
        request, "families/contact.html", {"form": form, "contact": found}, status=400 if form.errors else 200
    )
