"""Family coordination for the team and the staff around a child: the team's referrals, a
family's engagement with its contact map, priorities and outcome ratings, a child's network and
network meetings, and a meeting carried over into a SIP. Read through the families selectors
(the policy, logged) and written through its services, as on the pages."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from lots.api import family_serializers as s
from lots.api import idempotency
from lots.api.views.base import ApiView
from lots.api.views.intake import IDEMPOTENCY
from lots.families import services
from lots.families.selectors import engagements as selectors
from lots.families.selectors import network as network_selectors


class FamilyReferralList(ApiView):
    """The caller's team's open referrals, all of them (a team's queue is as long as its places
    and waiting list): the queue first, then the waiting list in its order. Empty for a caller
    outside a family coordination team."""

    pagination_class = None

    @extend_schema(responses={200: s.ReferralSerializer(many=True)})
    def get(self, request):
        page = selectors.team_page(self.actor)
        return Response(s.ReferralSerializer([*page.referrals, *page.waiting], many=True).data)


class EngagementDetail(ApiView):
    """A family's engagement: its members, each with their current contacts (the contact map), the
    family's priorities and the outcome ratings."""

    pagination_class = None

    @extend_schema(responses={200: s.EngagementSerializer})
    def get(self, request, pk: int):
        return Response(s.EngagementSerializer(selectors.engagement_page(self.actor, pk)).data)


class EngagementContacts(ApiView):
    pagination_class = None

    @extend_schema(responses={200: s.ContactSerializer(many=True)})
    def get(self, request, pk: int):
        """Every contact on the family's map, the ended ones with their end."""
        page = selectors.engagement_page(self.actor, pk, include_ended=True)
        return Response(s.ContactSerializer([c for row in page.members for c in row.contacts], many=True).data)

    @extend_schema(request=s.NewContactSerializer, responses={201: s.ContactSerializer})
    def post(self, request, pk: int):
        """Add a support contact of a member to the family's map (the coordinator, while the
        family's consent is in effect)."""
        form = s.NewContactSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        actor = self.actor
        engagement = selectors.engagement_for_action(actor, pk)
        agencies = selectors.agencies_around(engagement.team)
        data = selectors.contact_input(actor, engagement, agencies, form.validated_data)
        contact = services.add_contact(actor=actor, engagement=engagement, data=data)
        return Response(s.ContactSerializer(contact).data, status=201)


class EngagementRatings(ApiView):
    pagination_class = None

    @extend_schema(responses={200: s.RatingSerializer(many=True)})
    def get(self, request, pk: int):
        """The outcome measures over time: at the start, every six months and at the end."""
        return Response(s.RatingSerializer(selectors.engagement_page(self.actor, pk).ratings, many=True).data)

    @extend_schema(request=s.RatingSerializer, responses={201: s.RatingSerializer})
    def post(self, request, pk: int):
        """Record the family's rating and the outcome measures of an occasion."""
        form = s.RatingSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        actor = self.actor
        engagement = selectors.engagement_for_action(actor, pk)
        rating = services.record_rating(actor=actor, engagement=engagement, **form.validated_data)
        return Response(s.RatingSerializer(rating).data, status=201)


class ChildNetwork(ApiView):
    """A child's network map as its table (the private and the professional network, closeness and
    importance) and the child's network meetings."""

    pagination_class = None

    @extend_schema(responses={200: s.NetworkSerializer})
    def get(self, request, pk: int):
        return Response(s.NetworkSerializer(network_selectors.network_of(self.actor, pk)).data)


class NetworkMeetingDetail(ApiView):
    """A network meeting: who was invited and came, the agreed plan, what the network and the
    professionals will do, and whether it was carried over into a SIP."""

    pagination_class = None

    @extend_schema(responses={200: s.NetworkMeetingSerializer})
    def get(self, request, pk: int):
        return Response(s.NetworkMeetingSerializer(network_selectors.meeting_page(self.actor, pk)).data)


class NetworkMeetingCarryOver(ApiView):
    pagination_class = None

    @extend_schema(responses={200: s.CarryOverSerializer})
    def get(self, request, pk: int):
        """Whether the meeting needs a SIP, and the SIP it was carried over into."""
        return Response(s.CarryOverSerializer(network_selectors.meeting_page(self.actor, pk)).data)

    @extend_schema(request=None, responses={201: s.CarryOverSerializer}, parameters=[IDEMPOTENCY])
    def post(self, request, pk: int):
        """Carry the meeting over into a SIP in one step: requested by the caller (who must know the
        child in their own agency), the agreed plan as its reason, the people who came invited."""
        actor = self.actor
        meeting = network_selectors.meeting_for_action(actor, pk)
        services.meeting_to_sip(actor=actor, meeting=meeting, submission_key=idempotency.key_of(request))
        return Response(s.CarryOverSerializer(network_selectors.meeting_page(actor, pk)).data, status=201)
