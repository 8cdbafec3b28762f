"""The schema, and a page listing the endpoints drawn on the server from that same schema (no
script, no CDN: it works under the Content-Security-Policy)."""

from __future__ import annotations

from django.shortcuts import render
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view, authentication_classes, permission_classes, renderer_classes
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.renderers import StaticHTMLRenderer

METHODS = ("get", "post", "put", "patch", "delete")


@extend_schema(exclude=True)
@api_view(["GET"])
@authentication_classes([])
@permission_classes([AllowAny])
@renderer_classes([StaticHTMLRenderer])
def docs(request):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    endpoints = [
        {"method": method.upper(), "path": path, "summary": op.get("summary") or op.get("description", "")}
        for path, operations in schema["paths"].items()
        for method, op in operations.items()
        if method in METHODS
    ]
    return render(request._request, "api/docs.html", {"endpoints": endpoints, "info": schema["info"]})


@extend_schema(exclude=True)
@api_view(["GET", "POST", "PUT", "PATCH", "DELETE"])
@authentication_classes([])
@permission_classes([AllowAny])
def not_found(request, *args, **kwargs):
    """Any other address under /api/v1/: a problem, not the HTML page of a browser's 404."""
    raise NotFound
