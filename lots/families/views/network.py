"""A child's network map and network meetings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lots.children import selectors as children_selectors
from lots.core.forms import apply_errors
from lots.core.idempotency import SubmissionKeyForm
from lots.families import forms, services
from lots.families.models import Sphere
from lots.families.selectors import engagements as family_selectors
from lots.families.selectors import network as selectors
from lots.organisations.actor import Actor


def _agencies(actor):
    return family_selectors.agencies_around(actor.staff_membership.unit) if actor.membership else []


@login_required
@require_http_methods(["GET", "POST"])
def network(request, child_id: int):
    actor = Actor.from_request(request)
    page = selectors.network_page(actor, child_id)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    agencies = _agencies(actor)
    person_form = forms.NetworkPersonForm(request.POST if action == "person" else None, agencies=agencies, prefix="p")
    meeting_form = forms.MeetingForm(request.POST if action == "meeting" else None, prefix="m")
    form = {"person": person_form, "meeting": meeting_form}.get(action)
    if page.may_draw and (action == "remove" or (form is not None and form.is_valid())):
        child = children_selectors.child_for_action(actor, child_id)
        try:
            with transaction.atomic():
                if action == "person":
                    data = person_form.cleaned_data
                    services.add_network_person(
                        actor=actor,
                        child=child,
                        sphere=data["sphere"],
                        relation=data["relation"],
                        name=data["name"],
                        closeness=data["closeness"],
                        importance=data["importance"],
                        agency=next((a for a in agencies if str(a.pk) == data["agency"]), None),
                    )
                elif action == "remove":
                    person = selectors.network_person_for_action(actor, int(request.POST.get("person", 0) or 0))
                    services.remove_network_person(actor=actor, person=person)
                else:
                    data = meeting_form.cleaned_data
                    invitees = [
                        services.InviteeInput(sphere=sphere, name=line)
                        for sphere, text in (
                            (Sphere.PRIVATE, data["private"]),
                            (Sphere.PROFESSIONAL, data["professional"]),
                        )
                        for line in text.splitlines()
                    ]
                    meeting = services.plan_network_meeting(
                        actor=actor, child=child, starts_at=data["starts_at"], invitees=invitees
                    )
                    messages.success(request, _("The network meeting is planned."))
                    return redirect("families:meeting", meeting.pk)
        except ValidationError as error:
            if form is None:
                raise
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("families:network", child_id)
    context = {"page": page, "person_form": person_form, "meeting_form": meeting_form}
    return render(request, "families/network.html", context, status=400 if form is not None and form.errors else 200)


def _actions(data, agencies):
    actions = []
    for line in data["network_actions"].splitlines():
        who, _sep, what = line.partition(":")
        if line.strip():
            actions.append(services.AgreedInput(sphere=Sphere.PRIVATE, who=who.strip(), what=(what or who).strip()))
    for prefix in ("professional", "second"):
        if data[f"{prefix}_what"].strip():
            actions.append(
                services.AgreedInput(
                    sphere=Sphere.PROFESSIONAL,
                    who=data[f"{prefix}_who"],
                    what=data[f"{prefix}_what"],
                    agency=next((a for a in agencies if str(a.pk) == data[f"{prefix}_agency"]), None),
                )
            )
    return actions


@login_required
@require_http_methods(["GET", "POST"])
def meeting(request, meeting_id: int):
    actor = Actor.from_request(request)
    page = selectors.meeting_page(actor, meeting_id)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    agencies = _agencies(actor)
    form = forms.RecordMeetingForm(
        request.POST if action == "record" else None, attendees=page.attendees, agencies=agencies, prefix="r"
    )
    if page.may_change and action:
        try:
            with transaction.atomic():
                if action == "record" and form.is_valid():
                    data = form.cleaned_data
                    services.record_network_meeting(
                        actor=actor,
                        meeting=page.meeting,
                        came=[int(pk) for pk in data["came"]],
                        notes=data["notes"],
                        agreed_plan=data["agreed_plan"],
                        follow_up_on=data["follow_up_on"],
                        actions=_actions(data, agencies),
                    )
                elif action == "sip":
                    key = SubmissionKeyForm(request.POST)
                    key.is_valid()
                    services.meeting_to_sip(
                        actor=actor, meeting=page.meeting, submission_key=key.cleaned_data.get("submission_key", "")
                    )
                    messages.success(request, _("The SIP has been requested with the network's plan."))
                    return redirect("families:meeting", meeting_id)
                if not form.errors:
                    messages.success(request, _("Saved."))
                    return redirect("families:meeting", meeting_id)
        except ValidationError as error:
            if action == "sip":
                messages.error(request, " ".join(error.messages))
                return redirect("families:meeting", meeting_id)
            apply_errors(form, error)
    return render(
        request,
        "families/meeting.html",
        {"page": page, "form": form, "sip_form": SubmissionKeyForm()},
        status=400 if form.errors else 200,
    )
