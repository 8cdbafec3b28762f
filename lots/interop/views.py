"""Pages of the interop app: a SIP as a FHIR file, and the upload pages for imports."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.views.decorators.http import require_GET

from lots.access.actor import Actor
from lots.interop.fhir.export import sip_bundle

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
