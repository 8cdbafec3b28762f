"""Routines (no person data: the published steps every member of staff may read) and children's
journeys through them, read through the routines app's selectors and its part of the policy."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from lots.api import serializers as s
from lots.api.views.base import ApiView
from lots.children import selectors as children_selectors
from lots.routines import selectors as routine_selectors


class RoutineList(ApiView):
    """The published routines of the caller's principals and its region."""

    pagination_class = None

    @extend_schema(responses={200: s.RoutineSerializer(many=True)})
    def get(self, request):
        rows = [row for row in routine_selectors.routine_list(self.actor) if row.published]
        return Response(s.RoutineSerializer(rows, many=True).data)


class RoutineVersionDetail(ApiView):
    """One version with its steps and branches (a draft only to the routine's editors)."""

    pagination_class = None

    @extend_schema(responses={200: s.RoutineVersionSerializer})
    def get(self, request, pk: int):
        return Response(s.RoutineVersionSerializer(routine_selectors.version_for(self.actor, pk)).data)


class ChildJourneys(ApiView):
    """The child's journeys the caller may see, with the steps each is at now."""

    pagination_class = None

    @extend_schema(responses={200: s.JourneySerializer(many=True)})
    def get(self, request, pk: int):
        actor = self.actor
        child = children_selectors.child_view(actor, pk, detail="api journeys")
        rows = routine_selectors.journeys_of_child(actor, child.pk)
        steps = {row.journey.pk: row.current for row in rows}
        return Response(
            s.JourneySerializer([r.journey for r in rows], many=True, context={"steps": steps, "placing": child}).data
        )


class JourneyDetail(ApiView):
    """A journey with every step the caller may see (another agency: only what was handed to it)."""

    pagination_class = None

    @extend_schema(responses={200: s.JourneySerializer})
    def get(self, request, pk: int):
        page = routine_selectors.journey_page(self.actor, pk)
        context = {"steps": {page.journey.pk: page.steps}, "placing": page.placing}
        return Response(s.JourneySerializer(page.journey, context=context).data)
