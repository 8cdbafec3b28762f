"""School absence (issue 24): a pupil's figures and signals, and the head teacher's list, read
through the attendance app's selectors (the policy once per pupil, agency and school; logged)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from lots.access import policy
from lots.api import attendance_serializers as s
from lots.api.views.base import ApiView
from lots.attendance import selectors as attendance_selectors


class ChildAbsence(ApiView):
    """The pupil's absence: the last four weeks and the term, valid and invalid apart, the longest
    run of whole days, the term week by week, and the term's signals (404 when nothing to see)."""

    pagination_class = None

    @extend_schema(responses={200: s.ChildAbsenceSerializer})
    def get(self, request, pk: int):
        found = attendance_selectors.child_absence(self.actor, pk)
        if found is None:
            raise policy.Denied("No absence matches the given query.")
        return Response(s.ChildAbsenceSerializer(found).data)


class SchoolAbsence(ApiView):
    """The head teacher's list: the school's pupils over a threshold now, how many over each, and
    the signals raised week by week this term (404 to anyone but a school's head teacher)."""

    pagination_class = None

    @extend_schema(responses={200: s.SchoolAbsenceSerializer})
    def get(self, request):
        found = attendance_selectors.school_overview(self.actor)
        if found is None:
            raise policy.Denied("No list matches the given query.")
        return Response(s.SchoolAbsenceSerializer(found).data)
