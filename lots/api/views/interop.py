"""A SIP as FHIR R4 for the region's systems, and their CareTeam/CarePlan updates back: the same
functions as the plan page's download and upload (`lots.interop.fhir`)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from lots.api.parsers import JSONParser
from lots.api.views.base import ApiView
from lots.interop.fhir.export import sip_bundle
from lots.interop.fhir.imports import apply_careplan_update

FHIR_JSON = "application/fhir+json"


class FhirJsonParser(JSONParser):
    media_type = FHIR_JSON


class FhirJsonRenderer(JSONRenderer):
    media_type = FHIR_JSON


IMPORT_REPORT = inline_serializer(
    "FhirImportReport",
    {
        "applied": serializers.ListField(child=serializers.CharField()),
        "not_applied": serializers.ListField(
            child=inline_serializer(
                "FhirImportIssue", {"path": serializers.CharField(), "reason": serializers.CharField()}
            )
        ),
    },
)


class SipFhir(ApiView, generics.GenericAPIView):
    """GET: the plan as a FHIR R4 Bundle, as the caller may see it (logged as an export).
    POST: a CareTeam, CarePlan or Bundle of them from a region system, applied where the mapping is
    clear; everything else is listed in `not_applied`. Invalid FHIR is refused whole."""

    parser_classes = [FhirJsonParser, JSONParser]
    renderer_classes = [FhirJsonRenderer, JSONRenderer]

    @extend_schema(responses={(200, FHIR_JSON): OpenApiTypes.OBJECT})
    def get(self, request, pk: int):
        return Response(sip_bundle(actor=self.actor, plan=pk))

    @extend_schema(
        request={FHIR_JSON: OpenApiTypes.OBJECT, "application/json": OpenApiTypes.OBJECT},
        responses={(200, "application/json"): IMPORT_REPORT},
    )
    def post(self, request, pk: int):
        report = apply_careplan_update(actor=self.actor, plan=pk, payload=request.data)
        return Response(
            {
                "applied": [str(line) for line in report.applied],
                "not_applied": [{"path": i.path, "reason": str(i.reason)} for i in report.not_applied],
            },
            content_type="application/json",
        )
