from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView

from lots.api.views import (
    assignments,
    attendance,
    catalogue,
    deviations,
    docs,
    families,
    followup,
    intake,
    interop,
    people,
    plans,
    routines,
)

app_name = "api"


class SchemaView(SpectacularAPIView):
    authentication_classes: list = []
    permission_classes: list = []


urlpatterns = [
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", docs.docs, name="docs"),
    path("children/", people.ChildList.as_view(), name="children"),
    path("children/search/", people.ChildSearch.as_view(), name="child_search"),
    path("children/<int:pk>/", people.ChildDetail.as_view(), name="child"),
    path("children/<int:pk>/consents/", people.ChildConsents.as_view(), name="child_consents"),
    path("children/<int:pk>/assignments/", assignments.ChildAssignments.as_view(), name="child_assignments"),
    path("assignments/", assignments.AssignmentList.as_view(), name="assignments"),
    path("assignments/<int:pk>/end/", assignments.AssignmentEnd.as_view(), name="assignment_end"),
    path("children/<int:pk>/absence/", attendance.ChildAbsence.as_view(), name="child_absence"),
    path("absence/", attendance.SchoolAbsence.as_view(), name="school_absence"),
    path("children/<int:pk>/journeys/", routines.ChildJourneys.as_view(), name="child_journeys"),
    path("routines/", routines.RoutineList.as_view(), name="routines"),
    path("routine-versions/<int:pk>/", routines.RoutineVersionDetail.as_view(), name="routine_version"),
    path("journeys/<int:pk>/", routines.JourneyDetail.as_view(), name="journey"),
    path("consents/<int:pk>/", people.ConsentDetail.as_view(), name="consent"),
    path("sips/", plans.SipList.as_view(), name="sips"),
    path("sips/<int:pk>/", plans.SipDetail.as_view(), name="sip"),
    path("sips/<int:pk>/fhir/", interop.SipFhir.as_view(), name="sip_fhir"),
    path("concern-reports/", intake.ConcernReportList.as_view(), name="concern_reports"),
    path("concern-reports/<int:pk>/", intake.ConcernReportDetail.as_view(), name="concern_report"),
    path(
        "concern-reports/<int:pk>/feedback-request/",
        intake.ConcernReportFeedbackRequest.as_view(),
        name="concern_report_feedback_request",
    ),
    path("figures/", followup.Figures.as_view(), name="figures"),
    path("deviations/", deviations.DeviationList.as_view(), name="deviations"),
    path("deviations/<int:pk>/", deviations.DeviationDetail.as_view(), name="deviation"),
    path("forum-meetings/<int:pk>/", deviations.ForumMeetingDetail.as_view(), name="forum_meeting"),
    path("family-referrals/", families.FamilyReferralList.as_view(), name="family_referrals"),
    path("family-engagements/<int:pk>/", families.EngagementDetail.as_view(), name="family_engagement"),
    path(
        "family-engagements/<int:pk>/contacts/",
        families.EngagementContacts.as_view(),
        name="family_engagement_contacts",
    ),
    path(
        "family-engagements/<int:pk>/ratings/", families.EngagementRatings.as_view(), name="family_engagement_ratings"
    ),
    path("children/<int:pk>/network/", families.ChildNetwork.as_view(), name="child_network"),
    path("network-meetings/<int:pk>/", families.NetworkMeetingDetail.as_view(), name="network_meeting"),
    path(
        "network-meetings/<int:pk>/carry-over/",
        families.NetworkMeetingCarryOver.as_view(),
        name="network_meeting_carry_over",
    ),
    path("interventions/", catalogue.InterventionList.as_view(), name="interventions"),
    path("interventions/<int:pk>/", catalogue.InterventionDetail.as_view(), name="intervention"),
    re_path(r"", docs.not_found),
]
