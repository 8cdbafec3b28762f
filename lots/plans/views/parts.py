"""Pages for the parts of a plan: participants and notes, meetings (with their calendar file),
needs and goals, actions."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lots.access import policy
from lots.audit.models import Action
from lots.catalogue import selectors as catalogue_selectors
from lots.core.ics import CalendarEvent, Party, invitation
from lots.organisations.actor import Actor
from lots.people.identity import age_on
from lots.plans import forms, selectors, services
from lots.plans.views._helpers import Question, Texts, ask_first, attempt, bound, page, plan_form, run_and_tell


def _by_pk(rows, values):
    wanted = {str(v) for v in values}
    return [row for row in rows if str(row.pk) in wanted]


@login_required
@require_http_methods(["GET", "POST"])
def participant_new(request, sip_id: int):
    """Invite staff (of any agency the consent names, also another principal's) or add a person."""
    actor = Actor.from_request(request)
    sip = selectors.sip_for_action(actor, sip_id)
    memberships = selectors.invitable_memberships(actor, sip)
    is_person = request.POST.get("form") == "person"
    staff_form = forms.InviteStaffForm(
        request.POST if request.method == "POST" and not is_person else None, memberships=memberships, prefix="staff"
    )
    person_form = forms.AddPersonForm(request.POST if is_person else None, prefix="person")
    form = person_form if is_person else staff_form
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if is_person:
            call = lambda: services.add_person(  # noqa: E731
                actor=actor, sip=sip, kind=data["kind"], name=data["name"], role_text=data["role_text"]
            )
        else:
            membership = next((m for m in memberships if str(m.pk) == data["membership"]), None)
            call = lambda: services.invite_staff(  # noqa: E731
                actor=actor,
                sip=sip,
                membership=membership,
                has_mandate=data["has_mandate"],
                role_text=data["role_text"],
            )
        done, form = attempt(form, call)
        if done is not None:
            messages.success(request, _("%(name)s takes part in the plan.") % {"name": done.display_name})
            return redirect("plans:detail", sip.pk)
    context = {
        "sip": sip,
        "child": selectors.child_of(actor, sip),
        "staff_form": staff_form,
        "person_form": person_form,
    }
    return page(request, "plans/participant_form.html", context, form)


@login_required
@require_POST
def participant_change(request, sip_id: int, participant_id: int):
    """Remove a participant, or change their mandate to decide."""
    actor = Actor.from_request(request)
    sip = selectors.sip_for_action(actor, sip_id)
    participant = selectors.participant_for_action(actor, sip, participant_id)
    if "remove" in request.POST:
        asked = ask_first(
            request,
            sip,
            Question(
                _("Remove %(name)s from the plan?") % {"name": participant.display_name},
                _(
                    "They are no longer called to the plan's meetings, and the access that taking part gave them "
                    "ends. To take part again they must be invited anew."
                ),
                _("Yes, remove from the plan"),
            ),
            keep={"remove": "1"},
        )
        if asked is not None:
            return asked
        call, done = (
            lambda: services.remove_participant(actor=actor, participant=participant),
            _("Removed from the plan."),
        )
    else:
        mandate = request.POST.get("has_mandate") == "1"
        call, done = (
            lambda: services.set_mandate(actor=actor, participant=participant, has_mandate=mandate),
            _("The mandate is saved."),
        )
    run_and_tell(request, call, done)
    return redirect("plans:detail", sip.pk)


@login_required
@require_http_methods(["GET", "POST"])
def note_new(request, sip_id: int):
    actor = Actor.from_request(request)
    sip = selectors.sip_for_action(actor, sip_id)
    participants = selectors.participants_for_form(actor, sip)
    return plan_form(
        request,
        actor=actor,
        sip=sip,
        form=bound(forms.NoteForm, request, participants=participants),
        call=lambda data: services.add_note(
            actor=actor,
            sip=sip,
            text=data["text"],
            participant=next((p for p in participants if str(p.pk) == data["participant"]), None),
        ),
        done=_("The note is saved."),
        texts=Texts(
            title=_("Write a note"),
            button=_("Save"),
            lede=_("The note belongs to your agency: other agencies see it only under the consent to the SIP."),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_new(request, sip_id: int):
    actor = Actor.from_request(request)
    sip = selectors.sip_for_action(actor, sip_id)
    participants = selectors.participants_for_form(actor, sip)
    form = bound(forms.CallMeetingForm, request, participants=participants)
    if request.method == "GET":
        form.initial["invitees"] = [str(p.pk) for p in participants if p.is_staff]
    if request.method == "POST" and form.is_valid():
        starts_at, ends_at = form.moments()
        done, form = attempt(
            form,
            lambda: services.call_meeting(
                actor=actor,
                sip=sip,
                starts_at=starts_at,
                ends_at=ends_at,
                place=form.cleaned_data["place"],
                video_link=form.cleaned_data["video_link"],
                invitees=_by_pk(participants, form.cleaned_data["invitees"]),
                submission_key=form.cleaned_data["submission_key"],
            ),
        )
        if done is not None:
            messages.success(request, _("The meeting is called. Each one called can download a calendar invitation."))
            return redirect("plans:meeting", sip.pk, done.pk)
    child = selectors.child_of(actor, sip)
    context = {"form": form, "sip": sip, "child": child, "title": _("Call a SIP meeting")}
    return page(request, "plans/meeting_form.html", context, form)


@login_required
@require_http_methods(["GET", "POST"])
def meeting(request, sip_id: int, meeting_id: int):
    """The meeting: when, where, who was called; record who came and the minutes."""
    actor = Actor.from_request(request)
    sip = selectors.sip_for_action(actor, sip_id, acting=False)
    view = selectors.meeting_page(actor, sip, meeting_id)
    form = bound(forms.RecordMeetingForm, request, invitees=view.invitees)
    if request.method == "GET":
        form.initial["attended"] = [str(i.participant_id) for i in view.invitees if i.attended]
        if view.minutes:
            form.initial.update(
                minutes=view.minutes.text, child_views=view.minutes.child_views, minutes_version=view.minutes.version
            )
    may_act = services.acts_on(actor, sip, ground=sip._ground)
    if request.method == "POST":
        if not may_act:
            raise policy.Denied()
        if form.is_valid():
            data = form.cleaned_data
            done, form = attempt(
                form,
                lambda: services.record_meeting(
                    actor=actor,
                    meeting=view.meeting,
                    attended={int(pk) for pk in data["attended"]},
                    minutes=data["minutes"],
                    child_views=data["child_views"],
                    minutes_version=data["minutes_version"],
                ),
            )
            if done is not None:
                messages.success(request, _("The meeting is recorded."))
                return redirect("plans:detail", sip.pk)
    context = {"view": view, "form": form, "sip": sip, "child": view.child, "may_act": may_act, "now": timezone.now()}
    return page(request, "plans/meeting.html", context, form)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request, sip_id: int, meeting_id: int):
    actor = Actor.from_request(request)
    sip = selectors.sip_for_action(actor, sip_id)
    view = selectors.meeting_page(actor, sip, meeting_id)
    participants = selectors.participants_for_form(actor, sip)
    form = bound(forms.RescheduleMeetingForm, request, participants=participants)
    meeting = view.meeting
    if request.method == "GET":
        local_start, local_end = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
        form.initial.update(
            version=meeting.version,
            day=local_start.date(),
            start=local_start.time(),
            end=local_end.time(),
            place=meeting.place,
            video_link=meeting.video_link,
            invitees=[str(i.participant_id) for i in view.invitees],
        )
    if request.method == "POST" and form.is_valid():
        starts_at, ends_at = form.moments()
        done, form = attempt(
            form,
            lambda: services.reschedule_meeting(
                actor=actor,
                meeting=meeting,
                version=form.cleaned_data["version"],
                starts_at=starts_at,
                ends_at=ends_at,
                place=form.cleaned_data["place"],
                video_link=form.cleaned_data["video_link"],
                invitees=_by_pk(participants, form.cleaned_data["invitees"]),
            ),
            current_version=lambda: selectors.row_version(meeting),
        )
        if done is not None:
            messages.success(
                request, _("The meeting is changed. Those called are told, and their calendar invitation is updated.")
            )
            return redirect("plans:meeting", sip.pk, meeting.pk)
    context = {"form": form, "sip": sip, "child": view.child, "title": _("Change the meeting")}
    return page(request, "plans/meeting_form.html", context, form)


@login_required
@require_POST
def meeting_cancel(request, sip_id: int, meeting_id: int):
    actor = Actor.from_request(request)
    sip = selectors.sip_for_action(actor, sip_id)
    view = selectors.meeting_page(actor, sip, meeting_id)
    asked = ask_first(
        request,
        sip,
        Question(
            _("Cancel the meeting?"),
            _("Everyone called is told, and the event is removed from their calendars. This cannot be undone."),
            _("Yes, cancel the meeting"),
        ),
    )
    if asked is not None:
        return asked
    run_and_tell(
        request,
        lambda: services.cancel_meeting(actor=actor, meeting=view.meeting),
        _("The meeting is cancelled. Those called are told."),
    )
    return redirect("plans:meeting", sip.pk, meeting_id)


@login_required
def meeting_ics(request, sip_id: int, meeting_id: int):
    """The calendar invitation for one person called: "SIP-möte" and a link, never the child's
    name; the place only where the child's location may be shown to this person."""
    actor = Actor.from_request(request)
    sip = selectors.sip_for_action(actor, sip_id, acting=False)
    view = selectors.meeting_page(actor, sip, meeting_id, action=Action.EXPORT)
    mine = selectors.my_invitation(view, actor)
    if mine is None:
        raise policy.Denied()
    meeting = view.meeting
    link = settings.LOTS_BASE_URL.rstrip("/") + reverse("plans:meeting", args=[sip.pk, meeting.pk])
    where = ", ".join(part for part in (view.place_to_send, meeting.video_link) if part)
    description = _("SIP meeting in Lots. The notice and the plan are in Lots: %(link)s") % {"link": link}
    if meeting.video_link:
        description += "\n" + _("Video link: %(link)s") % {"link": meeting.video_link}
    event = CalendarEvent(
        uid=meeting.uid,
        sequence=meeting.sequence,
        start=meeting.starts_at,
        end=meeting.ends_at,
        summary=_("SIP meeting"),
        description=description,
        location=where or _("See Lots"),
        url=link,
        organizer=Party(name=meeting.called_by.get_full_name(), email=meeting.called_by.email),
        attendee=Party(name=request.user.get_full_name(), email=request.user.email),
        cancelled=meeting.is_cancelled or mine.uninvited,
    )
    response = HttpResponse(invitation(event), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="sip-mote.ics"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def goal_new(request, sip_id: int):
    return _goal(request, sip_id, None)


@login_required
@require_http_methods(["GET", "POST"])
def goal_edit(request, sip_id: int, goal_id: int):
    return _goal(request, sip_id, goal_id)


def _goal(request, sip_id: int, goal_id: int | None):
    actor = Actor.from_request(request)
    sip = selectors.sip_for_action(actor, sip_id)
    goal = selectors.goal_for_change(actor, sip, goal_id) if goal_id else None
    form = bound(forms.EditGoalForm if goal else forms.NewGoalForm, request)
    if goal:
        form.initial.update(version=goal.version, area=goal.area, kind=goal.kind, text=goal.text)

    def call(data):
        if goal:
            return services.revise_goal(
                actor=actor, goal=goal, version=data["version"], area=data["area"], kind=data["kind"], text=data["text"]
            )
        return services.add_goal(
            actor=actor,
            sip=sip,
            area=data["area"],
            kind=data["kind"],
            text=data["text"],
            submission_key=data["submission_key"],
        )

    title = _("Change a need or goal") if goal else _("Add a need or a goal")
    return plan_form(
        request,
        actor=actor,
        sip=sip,
        form=form,
        call=call,
        done=_("The need or goal is saved."),
        texts=Texts(
            title=title,
            button=_("Save"),
            lede=_("What you write belongs to your agency: other agencies see it only under the consent to the SIP."),
        ),
        success_url=reverse("plans:detail", args=[sip.pk]) + "#goals-h",
        saved=goal,
        saved_template="plans/_saved_goal.html",
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_new(request, sip_id: int):
    return _action(request, sip_id, None)


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request, sip_id: int, action_id: int):
    return _action(request, sip_id, action_id)


def _action_input(data, agencies, goals, interventions) -> services.ActionInput:
    by_id = {str(a.pk): a for a in agencies}
    shares = [
        services.CostShareInput(payer=by_id[data[f"share_payer_{i}"]], percent=data[f"share_percent_{i}"] or 0)
        for i in range(forms.SHARE_ROWS)
        if data[f"share_payer_{i}"]
    ]
    return services.ActionInput(
        what=data["what"],
        responsible_kind=data["responsible_kind"],
        responsible_agency=by_id.get(data["responsible_agency"]),
        responsible_other=data["responsible_other"],
        responsible_person=data["responsible_person"],
        starts_on=data["starts_on"],
        ends_on=data["ends_on"],
        goal=next((g for g in goals if str(g.pk) == data["goal"]), None),
        intervention=next((i for i in interventions if str(i.pk) == data["intervention"]), None),
        intervention_name=data["intervention_name"],
        cost_amount=data["cost_amount"],
        cost_period=data["cost_period"],
        cost_shares=shares,
    )


def _action(request, sip_id: int, action_id: int | None):
    actor = Actor.from_request(request)
    sip = selectors.sip_for_action(actor, sip_id)
    action = selectors.action_for_change(actor, sip, action_id) if action_id else None
    agencies = selectors.agencies_in_region(actor)
    goals = selectors.goals_for_form(actor, sip)
    interventions = catalogue_selectors.offered_interventions()
    form = bound(
        forms.EditActionForm if action else forms.NewActionForm,
        request,
        agencies=agencies,
        goals=goals,
        interventions=interventions,
    )
    if request.method == "GET" and action:
        form.initial.update(selectors.action_initial(action))
    elif request.method == "GET":
        form.initial.update(_from_catalogue(request.GET.get("insats"), interventions, agencies))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        values = _action_input(data, agencies, goals, interventions)
        if action:
            call = lambda: services.revise_action(actor=actor, action=action, version=data["version"], data=values)  # noqa: E731
        else:
            call = lambda: services.add_action(actor=actor, sip=sip, data=values, submission_key=data["submission_key"])  # noqa: E731
        done, form = attempt(form, call, current_version=lambda: selectors.row_version(action))
        if done is not None:
            messages.success(request, _("The action is saved."))
            return redirect(reverse("plans:detail", args=[sip.pk]) + "#actions-h")
    child = selectors.child_of(actor, sip)
    context = {"form": form, "sip": sip, "child": child, "saved": action}
    if action is None:
        context["suggestions"] = _suggestions(request, child, exclude=selectors.intervention_ids_in_plan(actor, sip))
    return page(request, "plans/action_form.html", context, form)


def _from_catalogue(chosen: str | None, interventions, agencies) -> dict:
    """A new action filled in from the intervention picked among the suggestions (`?insats=`)."""
    intervention = next((i for i in interventions if str(i.pk) == chosen), None)
    if intervention is None:
        return {}
    initial = {"intervention": str(intervention.pk), "what": intervention.name}
    if any(a.pk == intervention.agency_id for a in agencies):
        initial.update(responsible_kind="agency", responsible_agency=str(intervention.agency_id))
    return initial


def _age(born: dt.date) -> int:
    return age_on(born, timezone.localdate())


def _suggestions(request, child, *, exclude) -> dict:
    """ "Föreslå insatser": the catalogue's interventions for the needs the user picks and the
    child's age, in the user's own area (the needs are only in this request; nothing is stored)."""
    tags = catalogue_selectors.need_tags()
    chosen = [slug for slug in request.GET.getlist("behov") if slug in {t.slug for t in tags}]
    born = getattr(child, "date_of_birth", None)
    age = _age(born) if isinstance(born, dt.date) else None
    hits = []
    if chosen:
        # From the area the staff member works in (their municipality and its region), as on the child's page.
        area = catalogue_selectors.default_area(Actor.from_request(request))
        hits = catalogue_selectors.suggest_interventions(needs=chosen, age=age, exclude_ids=exclude, principal_ids=area)
    return {"tags": tags, "chosen": chosen, "hits": hits}
