"""Concern reports filed by the caller: filing one through `intake.services`, and the
reporter's view of each with social services' feedback."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.response import Response

from lots.api import idempotency
from lots.api import serializers as s
from lots.api.views.base import ApiView
from lots.children import selectors as children_selectors
from lots.core.idempotency import new_key
from lots.intake import selectors as intake_selectors
from lots.intake.services import reports
from lots.people.identity import parse_identity_number

IDEMPOTENCY = OpenApiParameter(
    idempotency.HEADER,
    str,
    location=OpenApiParameter.HEADER,
    required=False,
    description="16–64 letters, digits or hyphens; a retry with the same key gets the first result.",
)


class ConcernReportList(ApiView, generics.ListAPIView):
    serializer_class = s.ConcernReportSerializer

    def list(self, request, *args, **kwargs):
        rows = self.logged_page(intake_selectors.reports_filed_by_me(self.actor), detail="api my reports")
        views = [intake_selectors.as_reporter_sees(row) for row in rows]
        return self.get_paginated_response(s.ConcernReportSerializer(views, many=True).data)

    @extend_schema(
        request=s.NewConcernReportSerializer, responses={201: s.ConcernReportSerializer}, parameters=[IDEMPOTENCY]
    )
    def post(self, request):
        """File a concern report to social services (SoL 19 kap. 1 §), as on the page."""
        form = s.NewConcernReportSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        actor = self.actor
        filed = reports.file_report(
            actor=actor,
            receiving_agency=next(
                (a for a in intake_selectors.social_services_for(actor) if a.pk == data["receiving_agency"]), None
            ),
            # Without the header a call is its own submission.
            submission_key=idempotency.key_of(request) or new_key(),
            observed=data["observed"],
            observed_on=data["observed_on"],
            violence=data["violence"],
            guardians_informed=data["guardians_informed"],
            guardians_not_informed_reason=data["guardians_not_informed_reason"],
            child=self._child(actor, data["child"]),
            identity_number=self._number(data["identity_number"]),
            child_name=data["child_name"],
            child_details=data["child_details"],
            reporter_name=data["reporter_name"],
            reporter_phone=data["reporter_phone"],
            reporter_email=data["reporter_email"],
            feedback_requested=data["feedback_requested"],
        )
        report = intake_selectors.my_report(actor, filed.value.pk)
        headers = {} if filed.created else {"Idempotent-Replayed": "true"}
        return Response(s.ConcernReportSerializer(report).data, status=201, headers=headers)

    @staticmethod
    def _child(actor, child_id):
        if child_id is None:
            return None
        try:
            return children_selectors.child_for_action(actor, child_id)
        except Http404:
            raise ValidationError({"child": _("Choose one of your children, or give the identity number.")}) from None

    @staticmethod
    def _number(text: str):
        if not text.strip():
            return None
        try:
            return parse_identity_number(text)
        except ValidationError as error:
            raise ValidationError({"identity_number": error.messages}) from None


class ConcernReportDetail(ApiView, generics.RetrieveAPIView):
    serializer_class = s.ConcernReportSerializer

    def retrieve(self, request, pk: int, *args, **kwargs):
        return Response(s.ConcernReportSerializer(intake_selectors.my_report(self.actor, pk)).data)


class ConcernReportFeedbackRequest(ApiView, generics.GenericAPIView):
    serializer_class = s.ConcernReportSerializer

    @extend_schema(request=None, responses={200: s.ConcernReportSerializer})
    def post(self, request, pk: int):
        """Ask social services for feedback on a report the caller filed (SoL 19 kap. 6 §): asked
        after the decision, or where an investigation was already under way, it is due at once."""
        with transaction.atomic():
            reports.request_feedback(actor=self.actor, report_id=pk)
        return Response(s.ConcernReportSerializer(intake_selectors.my_report(self.actor, pk)).data)
