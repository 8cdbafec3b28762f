"""The follow-up's figures: every indicator for a period and an organisation, small counts
suppressed, the same figures as the dashboard and the committee report (one computation per
indicator, `lots.followup.selectors`). Aggregates, not person data."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from lots.api.views.base import ApiView
from lots.followup import exports
from lots.followup import selectors as followup_selectors
from lots.followup.forms import FilterForm

PARAMETERS = [
    OpenApiParameter("fran", OpenApiTypes.DATE, description="First day of the period (default: 1 January this year)."),
    OpenApiParameter("till", OpenApiTypes.DATE, description="Last day of the period (default: 31 December)."),
    OpenApiParameter("huvudman", OpenApiTypes.INT, description="One principal of the agreement (steering group)."),
    OpenApiParameter("forvaltning", OpenApiTypes.INT, description="One agency."),
    OpenApiParameter("enhet", OpenApiTypes.INT, description="One unit."),
]


class Figures(ApiView):
    """Every indicator for the period against the one before, for the organisation chosen."""

    pagination_class = None

    @extend_schema(parameters=PARAMETERS, responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        form = FilterForm(request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors)
        page = followup_selectors.dashboard(self.actor, form.period(), **form.chosen())
        return Response(exports.data(page))
