"""Follow-up pages: the dashboard, the committee report (HTML, PDF, CSV, XLSX), the definitions.

Thin: the filter is parsed here, who may see which organisation is `policies.select`, every
figure comes from `selectors.figures`.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from lots.core.views import render_in_place
from lots.followup import charts, exports, pdf, policies, registry, selectors, suppression
from lots.followup.forms import FilterForm
from lots.followup.registry import Period
from lots.organisations.actor import Actor


def _chosen(request, *, default_year: int | None = None):
    """(form, selection, period): what the request asks for; no period when the form has errors."""
    actor = Actor.from_request(request)
    if not policies.follows_up(actor):
        raise Http404("No figures match the given query.")
    form = FilterForm(request.GET)
    valid = form.is_valid()
    selection = policies.select(actor, **(form.chosen() if valid else {}))
    principals, agencies = policies.choices(actor, selection.principal_id)
    form.offer(principals=principals, agencies=agencies, units=policies.units(selection))
    if not valid:
        return form, selection, None
    period = form.period()
    if default_year is not None and not (form.cleaned_data.get("fran") or form.cleaned_data.get("till")):
        period = Period.year(default_year)
    return form, selection, period


def _filtered(request, *, default_year: int | None = None):
    """(form, page): the figures the request asks for, or the form with its errors and no page."""
    form, selection, period = _chosen(request, default_year=default_year)
    return form, None if period is None else selectors.figures(selection, period)


@login_required
def dashboard(request):
    form, page = _filtered(request)
    context = {"form": form, "page": page, "query": request.GET.urlencode(), "small_label": suppression.small_label()}
    return render(request, "followup/dashboard.html", context, status=200 if page is not None else 400)


def _last_year() -> int:
    return timezone.localdate().year - 1


@login_required
def report(request):
    form, page = _filtered(request, default_year=_last_year())
    context = {"form": form, "page": page, "query": request.GET.urlencode(), "small_label": suppression.small_label()}
    return render(request, "followup/report.html", context, status=200 if page is not None else 400)


def _download(request, kind: str) -> HttpResponse:
    form, page = _filtered(request, default_year=_last_year())
    if page is None:
        return render(request, "followup/report.html", {"form": form, "page": None}, status=400)
    name = f"uppfoljning-{page.period.start.isoformat()}-{page.period.end.isoformat()}"
    if kind == "pdf":
        response = HttpResponse(pdf.render_report_pdf(request, page), content_type="application/pdf")
    elif kind == "xlsx":
        response = HttpResponse(
            exports.to_xlsx(page), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    else:
        response = HttpResponse(exports.to_csv(page), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response


@login_required
def report_pdf(request):
    return _download(request, "pdf")


@login_required
def report_csv(request):
    return _download(request, "csv")


@login_required
def report_xlsx(request):
    return _download(request, "xlsx")


@login_required
def indicator(request, key: str):
    """One indicator's charts and their tables: this period against the one before by
    organisation, and month by month. The dashboard loads it into each figure as it is scrolled
    to (htmx), so the dashboard itself counts each figure only twice."""
    form, selection, period = _chosen(request)
    if period is None:
        return render(request, "followup/indicator.html", {"form": form, "f": None}, status=400)
    f, trend = selectors.indicator(selection, key, period)
    context = {
        "form": form,
        "selection": selection,
        "f": f,
        "trend": trend,
        "rows": charts.comparison(f),
        "bars": charts.bars(f, selection.title),
        "lines": charts.lines(trend),
        "query": request.GET.urlencode(),
    }
    return render_in_place(request, "followup/indicator.html", "followup/_charts.html", context)


@login_required
def definitions(request):
    """What every indicator counts: not secret, for every member of staff."""
    return render(request, "followup/definitions.html", {"indicators": registry.indicators()})
