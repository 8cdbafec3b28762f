"""Assignments for the agencies' own record systems: read a child's, make one, end one, with the
same rules as the manager's pages (lots.access.assignments; issue 21)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from lots.access import assignment_selectors, assignments
from lots.api import serializers as s
from lots.api.views.base import ApiView
from lots.children import selectors as children_selectors
from lots.organisations.models import User


class ChildAssignments(ApiView):
    """The child's assignments in the caller's agency, now and before (a child has few; not paged)."""

    pagination_class = None

    @extend_schema(responses={200: s.AssignmentSerializer(many=True)})
    def get(self, request, pk: int):
        actor = self.actor
        child = children_selectors.child_view(actor, pk, detail="api assignments")
        found = assignment_selectors.child_assignments(actor, child.pk)
        rows = found.current + found.earlier
        return Response(s.AssignmentSerializer(rows, many=True, context={"placing": child}).data)


class AssignmentList(ApiView):
    """Assign a member of staff of the unit the client acts in to a child the unit works with."""

    pagination_class = None
    serializer_class = s.NewAssignmentSerializer

    @extend_schema(request=s.NewAssignmentSerializer, responses={201: s.AssignmentSerializer})
    def post(self, request):
        form = s.NewAssignmentSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        actor = self.actor
        try:
            child = assignment_selectors.assignable_child(actor, data["child"])
        except Http404:
            raise ValidationError({"child": _("No child the unit works with has that id.")}) from None
        user = User.objects.filter(pk=data["user"]).first()
        if user is None:
            raise ValidationError({"user": _("No member of staff of the unit has that id.")})
        assignment = assignments.assign_staff(
            actor=actor,
            user=user,
            unit=actor.staff_membership.unit,
            child=child,
            reason=data["reason"],
            note=data["note"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
        )
        return Response(s.AssignmentSerializer(assignment).data, status=201)


class AssignmentEnd(ApiView):
    """End an assignment now or at a time: the unit's client, or the assigned person."""

    pagination_class = None
    serializer_class = s.EndAssignmentSerializer

    @extend_schema(request=s.EndAssignmentSerializer, responses={200: s.AssignmentSerializer})
    def post(self, request, pk: int):
        form = s.EndAssignmentSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        actor = self.actor
        assignment = assignment_selectors.assignment_for_change(actor, pk)
        ended = assignments.end_assignment(
            actor=actor, assignment=assignment, at=form.validated_data["ends_at"], note=form.validated_data["note"]
        )
        return Response(s.AssignmentSerializer(ended).data)
