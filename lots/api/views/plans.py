"""SIPs: the caller's plans, and one plan with its participants, goals, actions and meetings."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.response import Response

from lots.api import serializers as s
from lots.api.views.base import ApiView
from lots.plans import selectors as plan_selectors
from lots.plans.models import Status


class SipList(ApiView, generics.ListAPIView):
    """The plans the caller leads or takes part in, in the agency it acts in."""

    serializer_class = s.SipSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("ended", bool, description="Closed and cancelled plans instead of open ones."),
            OpenApiParameter("status", str, enum=Status.values, description="Only plans with this status."),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def list(self, request, *args, **kwargs):
        ended = request.query_params.get("ended", "").lower() in ("1", "true")
        sips = plan_selectors.sips_taking_part(self.actor, ended=ended)
        status = request.query_params.get("status")
        if status in Status.values:
            sips = sips.filter(status=status)
        return self.get_paginated_response(s.SipSerializer(self.logged_page(sips, detail="api"), many=True).data)


class SipDetail(ApiView, generics.RetrieveAPIView):
    serializer_class = s.PlanSerializer

    def retrieve(self, request, pk: int, *args, **kwargs):
        return Response(s.PlanSerializer(plan_selectors.plan_page(self.actor, pk)).data)
