"""Pages of the interop app: a SIP as a FHIR file, and the upload pages for imports."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lots.access.policy import Denied
from lots.children.services import may_import_children
from lots.core import uploads
from lots.core.forms import apply_errors
from lots.interop.fhir.export import sip_bundle
from lots.interop.fhir.imports import apply_careplan_update
from lots.interop.forms import ChildImportForm, FhirUploadForm
from lots.interop.imports import layout, run
from lots.interop.models import ChildImport
from lots.organisations.actor import Actor
from lots.plans import selectors as plan_selectors

FHIR_JSON = "application/fhir+json"


@login_required
@require_GET
def sip_fhir(request, sip_id: int):
    """The plan as a FHIR Bundle, as the viewer may see it; logged as an export (one 404 for
    forbidden and missing, from the policy)."""
    bundle = sip_bundle(actor=Actor.from_request(request), plan=sip_id)
    response = HttpResponse(
        json.dumps(bundle, ensure_ascii=False, indent=1), content_type=f"{FHIR_JSON}; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="sip-{sip_id}.fhir.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def sip_fhir_import(request, sip_id: int):
    """Upload a region system's CareTeam/CarePlan for this SIP and see what was applied and what not."""
    actor = Actor.from_request(request)
    sip = plan_selectors.sip_for_action(actor, sip_id)
    form = FhirUploadForm(*((request.POST, request.FILES) if request.method == "POST" else ()))
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                data = uploads.read_limited(form.cleaned_data["file"])
                uploads.kind_of(data, frozenset({uploads.JSON}))
                report = apply_careplan_update(actor=actor, plan=sip, payload=data)
        except ValidationError as error:
            apply_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
    context = {"form": form, "sip": sip, "child": plan_selectors.child_of(actor, sip), "report": report}
    return render(request, "interop/fhir_import.html", context, status=400 if form.errors else 200)


def _importer(request) -> Actor:
    actor = Actor.from_request(request)
    if not may_import_children(actor):
        raise Denied()
    return actor


@login_required
@require_http_methods(["GET", "POST"])
def children_import(request):
    """Upload a file of pupils; small files run at once, big ones by the task worker."""
    actor = _importer(request)
    form = ChildImportForm(*((request.POST, request.FILES) if request.method == "POST" else ()))
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                data = uploads.read_limited(form.cleaned_data["file"])
                job = run.start(actor=actor, data=data, dry_run=form.cleaned_data["dry_run"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("interop:children_import_result", job.pk)
    context = {
        "form": form,
        "columns": layout.COLUMNS,
        "recent": ChildImport.objects.filter(uploaded_by=actor.user).defer("content")[:10],
    }
    return render(request, "interop/children_import.html", context, status=400 if form.errors else 200)


@login_required
@require_GET
def children_import_result(request, import_id: int):
    """What an import did or would do; only for the one who uploaded it."""
    _importer(request)
    job = get_object_or_404(ChildImport.objects.defer("content"), pk=import_id, uploaded_by=request.user)
    return render(request, "interop/children_import_result.html", {"job": job})


@login_required
@require_POST
def children_import_confirm(request, import_id: int):
    """Run for real a file whose preview was clean."""
    actor = _importer(request)
    preview = get_object_or_404(
        ChildImport, pk=import_id, uploaded_by=request.user, dry_run=True, status=ChildImport.Status.DONE
    )
    if not preview.content:
        raise Denied()
    job = run.confirm(actor=actor, preview=preview)
    return redirect("interop:children_import_result", job.pk)
