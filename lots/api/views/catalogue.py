"""The public catalogue of interventions: no person data, no sign-in."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions
from rest_framework.response import Response

from lots.api import serializers as s
from lots.api.views.base import ApiView
from lots.catalogue import selectors as catalogue_selectors
from lots.catalogue.models import Intervention


class Public:
    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]


class InterventionList(Public, ApiView, generics.ListAPIView):
    serializer_class = s.InterventionSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("agency", int, description="Only this agency's interventions."),
            OpenApiParameter("need", str, description="Only interventions meeting this need (its key)."),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def list(self, request, *args, **kwargs):
        agency = request.query_params.get("agency", "")
        entries = catalogue_selectors.published_entries(
            agency_id=int(agency) if agency.isdigit() else None, need=request.query_params.get("need", "")
        )
        page = self.paginate_queryset(entries)
        return self.get_paginated_response(s.InterventionSerializer(page, many=True).data)


class InterventionDetail(Public, ApiView, generics.RetrieveAPIView):
    serializer_class = s.InterventionSerializer

    def retrieve(self, request, pk: int, *args, **kwargs):
        try:
            entry = catalogue_selectors.public_entry(pk)
        except Intervention.DoesNotExist:
            raise Http404 from None
        return Response(s.InterventionSerializer(entry).data)
