"""Deviations and forum meetings, read through the deviations' and forums' selectors and their
part of the policy: a caller sees what its user sees on the pages."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.response import Response

from lots.api import serializers as s
from lots.api.views.base import ApiView
from lots.deviations import selectors as deviation_selectors
from lots.forums import selectors as forum_selectors

LIST = OpenApiParameter(
    "list",
    str,
    enum=[deviation_selectors.Tab.TO_HANDLE, deviation_selectors.Tab.REPORTED, deviation_selectors.Tab.STEERING],
    description="att-hantera: the caller's unit handles them; mina: reported by the caller; styrgrupp: "
    "raised to the steering group. Default: the first the caller has.",
)
STATUS = OpenApiParameter("status", str, enum=["open", "closed", "all"], description="Default: open.")


class DeviationList(ApiView, generics.ListAPIView):
    serializer_class = s.DeviationSerializer

    @extend_schema(parameters=[LIST, STATUS])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def list(self, request, *args, **kwargs):
        actor = self.actor
        tabs = deviation_selectors.tabs_for(actor)
        tab = request.query_params.get("list", tabs[0])
        show = request.query_params.get("status", "open")
        queryset = deviation_selectors.deviations_for(
            actor, tab=tab if tab in tabs else tabs[0], show=show if show in {"open", "closed", "all"} else "open"
        )
        rows = deviation_selectors.as_seen(actor, self.logged_page(queryset, detail="api deviations"))
        withheld = {row.deviation.pk for row in rows if row.child_withheld}
        data = s.DeviationSerializer([row.deviation for row in rows], many=True, context={"child_withheld": withheld})
        return self.get_paginated_response(data.data)


class DeviationDetail(ApiView):
    """A deviation with its agencies' analyses and measures."""

    pagination_class = None

    @extend_schema(responses={200: s.DeviationSerializer})
    def get(self, request, pk: int):
        page = deviation_selectors.deviation_page(self.actor, pk)
        withheld = {page.deviation.pk} if page.child_withheld else set()
        return Response(s.DeviationSerializer(page.deviation, context={"child_withheld": withheld}).data)


class ForumMeetingDetail(ApiView):
    """A forum meeting, for its members: agenda, minutes, decisions and action items."""

    pagination_class = None

    @extend_schema(responses={200: s.ForumMeetingSerializer})
    def get(self, request, pk: int):
        return Response(s.ForumMeetingSerializer(forum_selectors.meeting_page(self.actor, pk)).data)
