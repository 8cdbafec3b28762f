"""What leaves Lots about family coordination through the API: allow-listed field by field, as
in serializers.py. Names of people only as the families selectors present them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from lots.api.serializers import ChildNameSerializer
from lots.families.models import Economy, Frequency, Occasion, ReferralSource, ReferralStatus, Sphere


class ReferralSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=ReferralStatus.choices)
    source = serializers.ChoiceField(choices=ReferralSource.choices)
    referring_agency = serializers.CharField(source="referring_agency.name", allow_null=True, default=None)
    received_at = serializers.DateTimeField()
    members_with_needs = serializers.IntegerField()
    agencies_involved = serializers.IntegerField()


class ContactSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    member = serializers.IntegerField(source="member_id")
    agency = serializers.CharField(source="agency.name")
    unit = serializers.CharField(source="unit.name", allow_null=True, default=None)
    person_name = serializers.CharField()
    purpose = serializers.CharField()
    frequency = serializers.ChoiceField(choices=Frequency.choices)
    next_appointment = serializers.DateField(allow_null=True)
    ended_at = serializers.DateTimeField(allow_null=True)


class NewContactSerializer(serializers.Serializer):
    member = serializers.IntegerField(help_text=_("A member of the family (an id from the engagement)."))
    agency = serializers.IntegerField()
    unit = serializers.IntegerField(required=False, allow_null=True, default=None)
    person_name = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    purpose = serializers.CharField(max_length=300)
    frequency = serializers.ChoiceField(choices=Frequency.choices)
    next_appointment = serializers.DateField(required=False, allow_null=True, default=None)


class MemberSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="member.pk")
    name = serializers.CharField()
    is_child = serializers.SerializerMethodField()
    has_needs = serializers.BooleanField(source="member.has_needs")
    contacts = ContactSerializer(many=True)

    def get_is_child(self, row) -> bool:
        """A child of the household (else an adult)."""
        return row.member.child_id is not None


class PrioritySerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    text = serializers.CharField()
    set_at = serializers.DateTimeField()


class RatingSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    occasion = serializers.ChoiceField(choices=Occasion.choices)
    rated_on = serializers.DateField()
    structure = serializers.IntegerField(help_text=_("The family's own rating, 1–5."))
    control = serializers.IntegerField(help_text=_("The family's own rating, 1–5."))
    children_eligible = serializers.IntegerField(default=0)
    adults_in_work_or_study = serializers.IntegerField(default=0)
    economy = serializers.ChoiceField(choices=Economy.choices)


class EngagementSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="engagement.pk")
    status = serializers.CharField(source="engagement.status")
    started_at = serializers.DateTimeField(source="engagement.started_at")
    ended_at = serializers.DateTimeField(source="engagement.ended_at", allow_null=True)
    household = serializers.CharField(source="household.name")
    child = ChildNameSerializer()
    coordinator = serializers.CharField(source="engagement.coordinator")
    members = MemberSerializer(many=True)
    priorities = PrioritySerializer(many=True)
    ratings = RatingSerializer(many=True)


class NetworkPersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    sphere = serializers.ChoiceField(choices=Sphere.choices)
    relation = serializers.CharField()
    name = serializers.CharField()
    agency = serializers.CharField(source="agency.name", allow_null=True, default=None)
    closeness = serializers.IntegerField(help_text=_("1–3, the closer the higher."))
    importance = serializers.IntegerField(help_text=_("1–3."))


class NetworkMeetingSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    starts_at = serializers.DateTimeField()
    status = serializers.CharField()


class NetworkSerializer(serializers.Serializer):
    child = ChildNameSerializer()
    people = NetworkPersonSerializer(many=True)
    meetings = NetworkMeetingSummarySerializer(many=True)


class AttendeeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    sphere = serializers.ChoiceField(choices=Sphere.choices)
    name = serializers.CharField()
    agency = serializers.CharField(source="agency.name", allow_null=True, default=None)
    attended = serializers.BooleanField(allow_null=True)


class AgreedActionSerializer(serializers.Serializer):
    sphere = serializers.ChoiceField(choices=Sphere.choices)
    who = serializers.CharField()
    agency = serializers.CharField(source="agency.name", allow_null=True, default=None)
    what = serializers.CharField()
    due_on = serializers.DateField(allow_null=True)


class CarryOverSerializer(serializers.Serializer):
    needs_sip = serializers.BooleanField(
        help_text=_("Actions are agreed for both a municipality and a region, and no SIP is started yet.")
    )
    carried_over_at = serializers.DateTimeField(source="meeting.carried_over_at", allow_null=True)
    plan = serializers.SerializerMethodField()

    def get_plan(self, page) -> str | None:
        """The address of the SIP the meeting was carried over into, or null."""
        return page.plan_url or None


class NetworkMeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="meeting.pk")
    child = ChildNameSerializer()
    starts_at = serializers.DateTimeField(source="meeting.starts_at")
    status = serializers.CharField(source="meeting.status")
    attendees = AttendeeSerializer(many=True)
    agreed_plan = serializers.CharField(source="meeting.agreed_plan")
    notes = serializers.CharField(source="meeting.notes")
    follow_up_on = serializers.DateField(source="meeting.follow_up_on", allow_null=True)
    actions = AgreedActionSerializer(many=True)
    carry_over = CarryOverSerializer(source="*")
