"""The unit manager's pages for who works around the unit's children, and ending or declining an
assignment (issue 21). Thin: each page calls the selectors and one service."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lots.access import assignment_selectors as selectors
from lots.access import assignments, policy
from lots.access.models import Assignment
from lots.access.presentation import present_children
from lots.children.access_forms import AssignForm, DeclineForm, EndAssignmentForm, HandoverForm
from lots.core.forms import apply_errors
from lots.organisations.actor import Actor


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _manager(request) -> Actor:
    actor = Actor.from_request(request)
    if not actor.manages_unit:
        raise policy.Denied()
    return actor


@login_required
def unit(request):
    actor = _manager(request)
    with policy.one_page(actor):
        overview = selectors.unit_overview(actor, page_number=request.GET.get("page", 1))
    return render(request, "access/unit.html", {"overview": overview})


@login_required
def without_owner(request):
    actor = _manager(request)
    rows = selectors.children_without_owner(actor)
    return render(request, "access/without_owner.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def assign(request, child_id: int):
    actor = _manager(request)
    child = selectors.assignable_child(actor, child_id)
    staff = list(assignments.assignable_staff(actor.unit_id))
    reasons = [(r.value, r.label) for r in Assignment.Reason if r in assignments.DECIDED_REASONS]
    form = AssignForm(
        request.POST if request.method == "POST" else None,
        staff=staff,
        reasons=reasons,
        initial={"starts_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                assignments.assign_staff(
                    actor=actor,
                    user=next(u for u in staff if str(u.pk) == data["user"]),
                    unit=actor.staff_membership.unit,
                    child=child,
                    reason=data["reason"],
                    note=data["note"],
                    starts_at=max(_start_of(data["starts_on"]), timezone.now())
                    if data["starts_on"] <= timezone.localdate()
                    else _start_of(data["starts_on"]),
                    ends_at=_start_of(data["ends_on"] + dt.timedelta(days=1)) if data["ends_on"] else None,
                )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The assignment is made."))
            return redirect("people:child", child.pk)
    return render(
        request,
        "access/assign.html",
        {"form": form, "child": present_children(actor, [child])[0]},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def staff_leaving(request, user_id: int):
    actor = _manager(request)
    member = selectors.staff_member(actor, user_id)
    rows = selectors.leaving(actor, user_id)
    colleagues = [u for u in assignments.assignable_staff(actor.unit_id) if u.pk != user_id]
    form = HandoverForm(request.POST if request.method == "POST" else None, rows=rows, colleagues=colleagues)
    if request.method == "POST" and form.is_valid():
        chosen = form.chosen()
        by_pk = {str(u.pk): u for u in colleagues}
        try:
            with transaction.atomic():
                if chosen:
                    assignments.hand_over(
                        actor=actor,
                        handovers=[
                            assignments.Handover(assignment=row.assignment, to=by_pk[chosen[row.assignment.pk]])
                            for row in rows
                            if row.assignment.pk in chosen
                        ],
                        note=form.cleaned_data["note"],
                    )
                last_day = form.cleaned_data["last_day"]
                membership = selectors.unit_membership(actor, user_id)
                if last_day and membership is not None:
                    assignments.end_membership(actor=actor, membership=membership, last_day=last_day)
                elif not chosen:
                    raise ValidationError(_("Choose a colleague for a child, or give the last day."))
        except ValidationError as error:
            apply_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The children are handed over."))
            return redirect("access:unit")
    return render(
        request,
        "access/staff_leaving.html",
        {"form": form, "member": member, "rows": rows, "alone": sum(1 for r in rows if r.left_alone)},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def end(request, assignment_id: int):
    actor = Actor.from_request(request)
    assignment = selectors.assignment_for_change(actor, assignment_id)
    form = EndAssignmentForm(request.POST)
    if form.is_valid():
        day = form.cleaned_data["ends_on"]
        try:
            with transaction.atomic():
                assignments.end_assignment(
                    actor=actor,
                    assignment=assignment,
                    at=_start_of(day + dt.timedelta(days=1)) if day else None,
                    note=form.cleaned_data["note"],
                )
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, _("The assignment ends."))
    else:
        messages.error(request, _("Give a valid day."))
    if actor.user.pk == assignment.user_id and not actor.manages_unit:
        return redirect("people:my_children")
    return redirect("people:child", assignment.child_id)


@login_required
@require_POST
def decline(request, assignment_id: int):
    actor = Actor.from_request(request)
    assignment = selectors.assignment_for_change(actor, assignment_id)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why you decline."))
        return redirect("people:child", assignment.child_id)
    try:
        with transaction.atomic():
            assignments.decline_assignment(actor=actor, assignment=assignment, reason=form.cleaned_data["reason"])
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect("people:child", assignment.child_id)
    messages.success(request, _("You have declined the assignment. The unit's manager sees it."))
    return redirect("people:my_children")
