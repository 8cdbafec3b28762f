import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lots.audit import selectors, services
from lots.audit.forms import LogSearchForm, PeriodForm, ReviewForm
from lots.core.timeutils import end_of_day, start_of_day
from lots.organisations.actor import Actor
from lots.organisations.models import User
from lots.people import selectors as people_selectors


@dataclass(frozen=True)
class ShownRecord:
    """One record that a list or search showed, from the row that names them all."""

    child_number: str
    record_id: str
    ground: str
    ground_id: int | None


def _with_numbers(entries):
    """Each row with the identity numbers of the children it is about, read in one query."""
    child_ids = {e.child_id for e in entries if e.child_id}
    child_ids |= {item["child"] for e in entries for item in e.shown or () if item.get("child")}
    numbers = people_selectors.numbers_for_log_review(child_ids)
    for entry in entries:
        entry.child_number = numbers.get(entry.child_id, "")
        entry.flag_labels = selectors.flag_labels(entry.flags)
        entry.shown_records = [
            ShownRecord(numbers.get(item.get("child"), ""), item["record"], item["ground"], item["ground_id"])
            for item in entry.shown or ()
        ]
    return entries


@login_required
@require_http_methods(["GET", "POST"])
def review(request):
    """Search the log by person, staff member or period. POST keeps identity numbers out of URLs."""
    actor = Actor.from_request(request)
    form = LogSearchForm(request.POST if request.method == "POST" else None)
    page = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        child_id = user_id = None
        if data["identity_number"]:
            child_id = people_selectors.child_id_for_number(data["identity_number"]) or -1
        if data["username"]:
            user_id = User.objects.filter(username=data["username"]).values_list("pk", flat=True).first() or -1
        page = selectors.search(
            actor,
            child_id=child_id,
            user_id=user_id,
            since=start_of_day(data["since"]) if data["since"] else None,
            until=end_of_day(data["until"]) if data["until"] else None,
            older_than=form.older_than(),
        )
        _with_numbers(page.entries)
    else:
        selectors.auditable_entries(actor)  # refuses anyone but an auditor
    context = {"form": form, "entries": page.entries if page else None, "has_older": page and page.has_older}
    if page and page.has_older:
        last = page.entries[-1]
        context["older"] = {"at": last.at.isoformat(), "id": last.pk}
    return render(request, "audit/review.html", context)


@login_required
def flagged(request):
    return _flagged_page(request, Actor.from_request(request), request.GET)


def _flagged_page(request, actor: Actor, period, review_form: ReviewForm | None = None, chosen=()):
    """The flagged accesses of the period; with the review form as it was sent when it could not
    be saved (its comment kept, its accesses still chosen)."""
    today = timezone.localdate()
    form = PeriodForm(period or {"since": today - dt.timedelta(days=30), "until": today})
    rows, bursts = [], []
    if form.is_valid():
        rows, bursts = selectors.flagged(
            actor,
            since=start_of_day(form.cleaned_data["since"]),
            until=end_of_day(form.cleaned_data["until"]),
        )
        rows = _with_numbers(rows)
    else:
        selectors.auditable_entries(actor)  # refuses anyone but an auditor
    open_ids = [r.pk for r in rows if not r.reviewed and not r.own]
    context = {
        "form": form,
        "rows": rows,
        "bursts": bursts,
        "review_form": review_form or ReviewForm(entry_ids=open_ids),
        "may_review": bool(open_ids),
        "chosen": set(chosen),
    }
    return render(request, "audit/flagged.html", context, status=400 if review_form else 200)


@login_required
@require_POST
def mark_reviewed(request):
    actor = Actor.from_request(request)
    in_scope = selectors.auditable_entries(actor).filter(flags__gt=0)
    candidates = [int(pk) for pk in request.POST.getlist("entries") if pk.isdigit()]
    entry_ids = list(in_scope.filter(pk__in=candidates).values_list("pk", flat=True))
    form = ReviewForm(request.POST, entry_ids=entry_ids)
    period = {key: request.POST[key] for key in ("since", "until") if request.POST.get(key)}
    if form.is_valid():
        try:
            services.mark_reviewed(
                actor=actor,
                entry_ids=[int(pk) for pk in form.cleaned_data["entries"]],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The accesses are marked as reviewed."))
            return redirect(f"{reverse('audit:flagged')}?{urlencode(period)}" if period else "audit:flagged")
    chosen = [str(pk) for pk in entry_ids]
    return _flagged_page(request, actor, period or None, review_form=form, chosen=chosen)
