"""Forum pages: the list, a forum (members, meetings), a meeting (agenda, minutes, decisions,
action items and their follow-up), and raising a deviation to a forum's agenda."""

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lots.access import policy
from lots.core.forms import apply_errors
from lots.core.ics import CalendarEvent, Party, invitation
from lots.deviations import selectors as deviation_selectors
from lots.forums import forms, selectors, services
from lots.organisations.actor import Actor
from lots.organisations.models import User


def _run(form, call: Callable) -> bool:
    try:
        with transaction.atomic():
            call()
    except PermissionDenied:
        raise policy.Denied() from None
    except ValidationError as error:
        apply_errors(form, error)
        return False
    return True


@login_required
def forum_list(request):
    actor = Actor.from_request(request)
    forums, mine = selectors.forum_list(actor)
    return render(
        request, "forums/list.html", {"forums": forums, "mine": mine, "may_convene": services.may_convene(actor)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def forum_new(request):
    actor = Actor.from_request(request)
    if not services.may_convene(actor):
        raise policy.Denied()
    form = forms.ForumForm(request.POST if request.method == "POST" else None)
    created = []
    if (
        request.method == "POST"
        and form.is_valid()
        and _run(form, lambda: created.append(services.create_forum(actor=actor, **form.cleaned_data)))
    ):
        messages.success(request, _("The forum is created. Add its members and call its first meeting."))
        return redirect("forums:detail", created[0].pk)
    return render(request, "forums/form.html", {"form": form}, status=400 if form.errors else 200)


def _forum_page(request, forum_id: int, **shown):
    actor = Actor.from_request(request)
    view = selectors.forum_page(actor, forum_id)
    context = {"view": view, "member_form": forms.MemberForm(), "meeting_form": forms.MeetingForm(), **shown}
    return render(request, "forums/detail.html", context, status=400 if shown else 200)


@login_required
def forum_detail(request, forum_id: int):
    return _forum_page(request, forum_id)


@login_required
@require_POST
def member_add(request, forum_id: int):
    actor = Actor.from_request(request)
    view = selectors.forum_page(actor, forum_id)
    form = forms.MemberForm(request.POST)
    if form.is_valid():
        user = User.objects.filter(username=form.cleaned_data["username"], is_active=True).first()
        if user is None:
            form.add_error("username", _("There is no member of staff with that user name."))
        elif _run(
            form,
            lambda: services.add_member(
                actor=actor, forum=view.forum, user=user, role_text=form.cleaned_data["role_text"]
            ),
        ):
            messages.success(request, _("The member is added."))
            return redirect("forums:detail", forum_id)
    return _forum_page(request, forum_id, member_form=form)


@login_required
@require_POST
def member_remove(request, member_id: int):
    actor = Actor.from_request(request)
    member = selectors.member_for_chair(actor, member_id)
    with transaction.atomic():
        services.remove_member(actor=actor, member=member)
    messages.success(request, _("The member has left the forum."))
    return redirect("forums:detail", member.forum_id)


@login_required
@require_POST
def meeting_new(request, forum_id: int):
    actor = Actor.from_request(request)
    view = selectors.forum_page(actor, forum_id)
    form = forms.MeetingForm(request.POST)
    created = []
    if form.is_valid() and _run(
        form, lambda: created.append(services.schedule_meeting(actor=actor, forum=view.forum, **form.cleaned_data))
    ):
        messages.success(request, _("The meeting is called. The members are told."))
        return redirect("forums:meeting", created[0].pk)
    return _forum_page(request, forum_id, meeting_form=form)


def _meeting_page(request, meeting_id: int, **shown):
    actor = Actor.from_request(request)
    view = selectors.meeting_page(actor, meeting_id)
    context = {
        "view": view,
        "m": view.meeting,
        "item_form": forms.AgendaItemForm(),
        "minutes_form": forms.MinutesForm(
            members=view.members,
            initial={"minutes": view.meeting.minutes, "attended": [str(pk) for pk in view.attended]},
        ),
        "decision_form": forms.DecisionForm(),
        "action_form": forms.ActionForm(members=view.members),
        "follow_up_form": forms.FollowUpForm(),
        **shown,
    }
    return render(request, "forums/meeting.html", context, status=400 if shown else 200)


@login_required
def meeting(request, meeting_id: int):
    return _meeting_page(request, meeting_id)


@login_required
def meeting_ics(request, meeting_id: int):
    """The calendar invitation for a member: the forum's name, the place and a link to the
    meeting in Lots; never the agenda (it may name a child)."""
    actor = Actor.from_request(request)
    meeting = selectors.meeting_for_member(actor, meeting_id)
    link = settings.LOTS_BASE_URL.rstrip("/") + reverse("forums:meeting", args=[meeting.pk])
    event = CalendarEvent(
        uid=meeting.uid,
        sequence=meeting.sequence,
        start=meeting.starts_at,
        end=meeting.ends_at,
        summary=_("Meeting: %(forum)s") % {"forum": meeting.forum.name},
        description=_("Forum meeting in Lots. The agenda is in Lots: %(link)s") % {"link": link},
        location=meeting.place,
        url=link,
        organizer=Party(name=meeting.called_by.get_full_name(), email=meeting.called_by.email),
        attendee=Party(name=request.user.get_full_name(), email=request.user.email),
        cancelled=meeting.cancelled_at is not None,
    )
    response = HttpResponse(invitation(event), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="forummote.ics"'
    return response


@login_required
@require_POST
def agenda_add(request, meeting_id: int):
    actor = Actor.from_request(request)
    meeting = selectors.meeting_for_member(actor, meeting_id)
    form = forms.AgendaItemForm(request.POST)
    if form.is_valid() and _run(
        form, lambda: services.add_agenda_item(actor=actor, meeting=meeting, **form.cleaned_data)
    ):
        messages.success(request, _("The item is on the agenda."))
        return redirect("forums:meeting", meeting_id)
    return _meeting_page(request, meeting_id, item_form=form)


@login_required
@require_POST
def minutes(request, meeting_id: int):
    actor = Actor.from_request(request)
    meeting = selectors.meeting_for_member(actor, meeting_id)
    members = list(meeting.forum.members.filter(left_on__isnull=True).select_related("user", "agency"))
    form = forms.MinutesForm(request.POST, members=members)
    notes = {
        int(key.removeprefix("note-")): value
        for key, value in request.POST.items()
        if key.startswith("note-") and key.removeprefix("note-").isdigit()
    }
    version = request.POST.get("version", "")
    if form.is_valid() and _run(
        form,
        lambda: services.keep_minutes(
            actor=actor,
            meeting=meeting,
            minutes=form.cleaned_data["minutes"],
            attended_member_ids={int(pk) for pk in form.cleaned_data["attended"]},
            item_notes=notes,
            version=int(version) if version.isdigit() else None,
        ),
    ):
        messages.success(request, _("The minutes are kept."))
        return redirect("forums:meeting", meeting_id)
    return _meeting_page(request, meeting_id, minutes_form=form)


@login_required
@require_POST
def decision_add(request, meeting_id: int):
    actor = Actor.from_request(request)
    meeting = selectors.meeting_for_member(actor, meeting_id)
    form = forms.DecisionForm(request.POST)
    if form.is_valid() and _run(
        form, lambda: services.add_decision(actor=actor, meeting=meeting, text=form.cleaned_data["text"])
    ):
        messages.success(request, _("The decision is recorded."))
        return redirect("forums:meeting", meeting_id)
    return _meeting_page(request, meeting_id, decision_form=form)


@login_required
@require_POST
def action_add(request, meeting_id: int):
    actor = Actor.from_request(request)
    meeting = selectors.meeting_for_member(actor, meeting_id)
    members = list(meeting.forum.members.filter(left_on__isnull=True).select_related("user", "agency"))
    form = forms.ActionForm(request.POST, members=members)
    if form.is_valid():
        owner = next((m.user for m in members if str(m.user_id) == form.cleaned_data["owner"]), None)
        if _run(
            form,
            lambda: services.add_action(
                actor=actor,
                meeting=meeting,
                text=form.cleaned_data["text"],
                owner=owner,
                due_on=form.cleaned_data["due_on"],
            ),
        ):
            messages.success(request, _("The action item is recorded. Its owner is told."))
            return redirect("forums:meeting", meeting_id)
    return _meeting_page(request, meeting_id, action_form=form)


@login_required
@require_POST
def action_follow_up(request, meeting_id: int, action_id: int):
    actor = Actor.from_request(request)
    meeting = selectors.meeting_for_member(actor, meeting_id)
    action = selectors.action_for_chair(actor, action_id)
    form = forms.FollowUpForm(request.POST)
    if form.is_valid() and _run(
        form, lambda: services.follow_up_action(actor=actor, action=action, meeting=meeting, **form.cleaned_data)
    ):
        messages.success(request, _("The follow-up is recorded."))
        return redirect("forums:meeting", meeting_id)
    return _meeting_page(request, meeting_id, follow_up_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def raise_deviation(request, deviation_id: int):
    """Raise a deviation the actor may see to the agenda of a forum meeting they are a member of."""
    actor = Actor.from_request(request)
    deviation = deviation_selectors.deviation_for_action(actor, deviation_id)
    meetings = selectors.meetings_to_raise_to(actor)
    form = forms.RaiseForm(request.POST if request.method == "POST" else None, meetings=meetings)
    if request.method == "POST" and form.is_valid():
        meeting = next(m for m in meetings if str(m.pk) == form.cleaned_data["meeting"])
        title = _("Deviation: %(kind)s") % {"kind": deviation.get_kind_display()}
        if _run(
            form, lambda: services.add_agenda_item(actor=actor, meeting=meeting, title=title, deviation_id=deviation.pk)
        ):
            messages.success(request, _("The deviation is on the meeting's agenda."))
            return redirect("forums:meeting", meeting.pk)
    context = {"form": form, "deviation": deviation, "meetings": meetings}
    return render(request, "forums/raise.html", context, status=400 if form.errors else 200)
