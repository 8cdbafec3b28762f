"""What leaves Lots through the API. Allow-listed field by field: a new model field does not
leave unless it is named here. People only through `access.presentation.PersonView`: a value
the viewer may not see is null and named in `withheld`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lots.access.assignments import DECIDED_REASONS
from lots.access.presentation import Withheld
from lots.intake.models import GuardiansInformed, Violence


def shown(value):
    return None if isinstance(value, Withheld) else value


def _text(value) -> str | None:
    value = shown(value)
    return None if value is None else str(value)


class ChildSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    first_name = serializers.CharField(allow_null=True)
    last_name = serializers.CharField(allow_null=True)
    identity_number = serializers.CharField(allow_null=True, help_text=_("Personnummer or reserve number."))
    date_of_birth = serializers.DateField(allow_null=True)
    protected_identity = serializers.BooleanField()
    school = serializers.CharField(allow_null=True)
    school_year = serializers.CharField()
    street_address = serializers.CharField(allow_null=True)
    postal_code = serializers.CharField(allow_null=True)
    city = serializers.CharField(allow_null=True)
    withheld = serializers.ListField(child=serializers.CharField(), help_text=_("Fields withheld from this caller."))

    NAMED = ("first_name", "last_name", "identity_number", "date_of_birth", "school")
    LOCATED = ("street_address", "postal_code", "city")
    #: The person's field behind an answer's field, where the names differ.
    SOURCE = {"school": "school_unit"}

    def to_representation(self, view):
        born = shown(view.date_of_birth)
        data = {
            "id": view.pk,
            "first_name": _text(view.first_name),
            "last_name": _text(view.last_name),
            "identity_number": _text(view.display_number),
            "date_of_birth": born.isoformat() if born else None,
            "protected_identity": view.protected_identity,
            "school": _text(view.school_unit) if view.school_unit else None,
            "school_year": view.school_year if not view.masked else "",
            "street_address": _text(view.street_address),
            "postal_code": _text(view.postal_code),
            "city": _text(view.city),
        }
        fields = (*self.NAMED, *self.LOCATED)
        data["withheld"] = [name for name in fields if view.withholds(self.SOURCE.get(name, name))]
        return data


class ChildSearchSerializer(serializers.Serializer):
    query = serializers.CharField(max_length=100, help_text=_("A name, or an identity number (sent in the body)."))


class ChildNameSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(allow_null=True)

    def to_representation(self, view):
        return {"id": view.pk, "name": None if view.name_hidden else view.full_name}


class ConsentSerializer(serializers.Serializer):
    """A consent. Its agencies are named as the child's `PersonView` (`context["placing"]`) lets
    the caller see them: for a child with protected identity, by their kind only to a caller not
    cleared for the child, since a school's or a municipality's name tells where the child is."""

    id = serializers.IntegerField()
    child = serializers.IntegerField(source="child_id")
    purpose = serializers.CharField()
    reference_id = serializers.IntegerField(allow_null=True)
    information_kinds = serializers.ListField(child=serializers.CharField(), source="kind_labels")
    recorded_in = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    effective_at = serializers.DateTimeField(allow_null=True)
    valid_until = serializers.DateTimeField(allow_null=True)
    withdrawn_at = serializers.DateTimeField(allow_null=True)
    active = serializers.SerializerMethodField()

    def get_active(self, consent) -> bool:
        return consent.is_active()

    def get_recorded_in(self, consent) -> str:
        return self.context["placing"].place_agency(consent.recorded_in)


class ConsentAgencySerializer(serializers.Serializer):
    agency = serializers.SerializerMethodField()
    shares = serializers.BooleanField()
    receives = serializers.BooleanField()

    def get_agency(self, scope) -> str:
        return self.context["placing"].place_agency(scope.agency)


class ConsentDetailSerializer(ConsentSerializer):
    agencies = ConsentAgencySerializer(many=True, source="agencies.all")


class SipSerializer(serializers.Serializer):
    """A plan in a list. The child by id only: the plan's page names the child as the viewer may see them."""

    id = serializers.IntegerField()
    child = serializers.IntegerField(source="child_id")
    status = serializers.CharField()
    requested_at = serializers.DateTimeField()
    meeting_due_on = serializers.DateField(allow_null=True)
    first_meeting_on = serializers.DateField(allow_null=True)
    follow_up_on = serializers.DateField(allow_null=True)
    ended_on = serializers.DateField(allow_null=True)


class ParticipantSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    name = serializers.CharField(source="display_name")
    organisation = serializers.CharField(source="org_label")
    role_text = serializers.CharField()
    has_mandate = serializers.BooleanField()
    removed_at = serializers.DateTimeField(allow_null=True)


class GoalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    area = serializers.CharField()
    kind = serializers.CharField()
    text = serializers.CharField()
    written_by_agency = serializers.CharField(source="owner_label")


class ActionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    what = serializers.CharField()
    responsible = serializers.CharField(source="responsible_label")
    responsible_person = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(allow_null=True)
    goal = serializers.IntegerField(source="goal_id", allow_null=True)
    intervention = serializers.IntegerField(source="intervention_id", allow_null=True)
    written_by_agency = serializers.CharField(source="owner_label")


class MeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    place = serializers.SerializerMethodField()
    cancelled_at = serializers.DateTimeField(allow_null=True)
    held_at = serializers.DateTimeField(allow_null=True)

    def get_place(self, meeting) -> str | None:
        return _text(meeting.place_shown)


class PlanSerializer(serializers.Serializer):
    """A plan as `plans.selectors.plan_page` gives it to this viewer: what each agency wrote that
    the consent lets reach the viewer; the rest is named in `withheld_from`."""

    id = serializers.IntegerField(source="sip.pk")
    child = ChildNameSerializer()
    status = serializers.CharField(source="sip.status")
    reason = serializers.SerializerMethodField()
    requested_at = serializers.DateTimeField(source="sip.requested_at")
    requested_by_agency = serializers.CharField(source="sip.requesting_label")
    lead = serializers.CharField(source="lead_label")
    meeting_due_on = serializers.DateField(source="sip.meeting_due_on", allow_null=True)
    first_meeting_on = serializers.DateField(source="sip.first_meeting_on", allow_null=True)
    follow_up_on = serializers.DateField(source="sip.follow_up_on", allow_null=True)
    ended_on = serializers.DateField(source="sip.ended_on", allow_null=True)
    participants = ParticipantSerializer(many=True)
    goals = GoalSerializer(many=True)
    actions = ActionSerializer(many=True)
    meetings = MeetingSerializer(many=True)
    withheld_from = serializers.ListField(child=serializers.CharField())

    def get_reason(self, page) -> str | None:
        return None if page.reason_withheld else page.sip.reason


class ConcernReportSerializer(serializers.Serializer):
    """A concern report as its reporter may see it, with social services' lawful feedback."""

    id = serializers.IntegerField(source="pk")
    received_at = serializers.DateTimeField()
    receiving_agency = serializers.CharField()
    child_name = serializers.CharField()
    child_details = serializers.CharField()
    observed = serializers.CharField()
    observed_on = serializers.DateField()
    violence = serializers.CharField()
    guardians_informed = serializers.CharField()
    reporter_name = serializers.CharField()
    feedback_requested = serializers.BooleanField()
    feedback = serializers.CharField(help_text=_("Empty until social services have given feedback."))
    feedback_given_at = serializers.DateTimeField(allow_null=True)
    meeting_offered_at = serializers.DateTimeField(allow_null=True)


class NewConcernReportSerializer(serializers.Serializer):
    receiving_agency = serializers.IntegerField(help_text=_("The social services the report is sent to."))
    observed = serializers.CharField(max_length=10_000)
    observed_on = serializers.DateField()
    violence = serializers.ChoiceField(choices=Violence.choices)
    guardians_informed = serializers.ChoiceField(choices=GuardiansInformed.choices)
    guardians_not_informed_reason = serializers.CharField(required=False, allow_blank=True, default="")
    child = serializers.IntegerField(required=False, allow_null=True, default=None)
    identity_number = serializers.CharField(required=False, allow_blank=True, default="", max_length=20)
    child_name = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    child_details = serializers.CharField(required=False, allow_blank=True, default="")
    reporter_name = serializers.CharField(max_length=200)
    reporter_phone = serializers.CharField(required=False, allow_blank=True, default="", max_length=40)
    reporter_email = serializers.EmailField(required=False, allow_blank=True, default="")
    feedback_requested = serializers.BooleanField(required=False, default=True)


class InterventionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    name_en = serializers.CharField()
    agency = serializers.CharField(source="agency.name")
    principal = serializers.CharField(source="agency.principal.name")
    summary = serializers.CharField()
    summary_en = serializers.CharField()
    age_min = serializers.IntegerField()
    age_max = serializers.IntegerField()
    access_route = serializers.CharField()
    how_to_get = serializers.CharField()
    cost = serializers.CharField()
    waiting_time = serializers.CharField()
    where_and_when = serializers.CharField()
    contact = serializers.CharField()
    needs = serializers.SerializerMethodField()
    reviewed_at = serializers.DateTimeField()

    def get_needs(self, entry) -> list[str]:
        return [tag.slug for tag in entry.needs.all()]


class BranchSerializer(serializers.Serializer):
    to_step = serializers.CharField(source="to_step.key")
    condition = serializers.CharField()


class StepSerializer(serializers.Serializer):
    key = serializers.CharField()
    order = serializers.IntegerField()
    title = serializers.CharField()
    instructions = serializers.CharField()
    responsible_role = serializers.CharField()
    agency_kind = serializers.CharField()
    deadline_days = serializers.IntegerField(allow_null=True)
    deadline_kind = serializers.CharField()
    relative_to = serializers.CharField(source="relative_to.key", allow_null=True, default=None)
    legal_references = serializers.CharField()
    branches = BranchSerializer(many=True, source="branches.all")


class RoutineVersionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    routine = serializers.CharField(source="routine.name")
    scenario = serializers.CharField(source="routine.scenario")
    number = serializers.IntegerField()
    status = serializers.CharField()
    summary = serializers.CharField()
    published_at = serializers.DateTimeField(allow_null=True)
    concerns_roles = serializers.ListField(child=serializers.CharField())
    steps = StepSerializer(many=True, source="steps.all")


class RoutineSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="routine.pk")
    name = serializers.CharField(source="routine.name")
    scenario = serializers.CharField(source="routine.scenario")
    principal = serializers.CharField(source="routine.principal.name")
    published_version = serializers.IntegerField(source="published.pk", allow_null=True, default=None)


class JourneyStepSerializer(serializers.Serializer):
    """A step of a child's journey. For a child with protected identity the agency and unit that
    hold the step tell where the child is: to a caller not cleared for the child they are null,
    and named in `withheld`."""

    step = serializers.CharField(source="step_key")
    title = serializers.CharField(source="step.title")
    status = serializers.CharField()
    owner_agency = serializers.IntegerField(source="owner_agency_id", allow_null=True)
    owner_unit = serializers.CharField(source="owner_unit.name", allow_null=True)
    owner = serializers.CharField(source="owner_user.get_full_name", allow_null=True, default=None)
    due_on = serializers.DateField(allow_null=True)
    completed_at = serializers.DateTimeField(allow_null=True)
    reason = serializers.CharField()
    withheld = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text=_("Fields withheld from this caller.")
    )

    PLACING = ("owner_agency", "owner_unit")

    def to_representation(self, js):
        data = super().to_representation(js)
        placing = self.context["placing"]  # the child's PersonView: the one rule of what places it
        data["withheld"] = []
        for name in self.PLACING:
            value = placing.place(data[name])
            data[name] = shown(value)
            if isinstance(value, Withheld):
                data["withheld"].append(name)
        return data


class JourneySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    child = serializers.IntegerField(source="child_id")
    routine = serializers.CharField(source="routine.name")
    version = serializers.IntegerField(source="version_id")
    status = serializers.CharField()
    started_on = serializers.DateField()
    steps = serializers.SerializerMethodField()

    @extend_schema_field(JourneyStepSerializer(many=True))
    def get_steps(self, journey) -> list[dict]:
        steps = self.context["steps"].get(journey.pk, [])
        return JourneyStepSerializer(steps, many=True, context={"placing": self.context["placing"]}).data


class AssignmentSerializer(serializers.Serializer):
    """Who works with a child in the caller's agency, for what, from when to when (issue 21)."""

    id = serializers.IntegerField(source="pk")
    child = serializers.IntegerField(source="child_id")
    user = serializers.IntegerField(source="user_id")
    user_name = serializers.SerializerMethodField()
    unit = serializers.SerializerMethodField()
    reason = serializers.CharField()
    source = serializers.CharField()
    note = serializers.CharField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField(allow_null=True)
    end_reason = serializers.CharField()

    def get_user_name(self, assignment) -> str:
        return str(assignment.user)

    def get_unit(self, assignment) -> str | None:
        """The unit's name; null where the child's protected identity withholds it."""
        placing = self.context.get("placing")
        name = assignment.unit.name
        return _text(placing.place(name)) if placing is not None else name


class NewAssignmentSerializer(serializers.Serializer):
    child = serializers.IntegerField()
    user = serializers.IntegerField(help_text=_("A member of staff of the unit the client acts in."))
    reason = serializers.ChoiceField(choices=sorted(r.value for r in DECIDED_REASONS))
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    starts_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    ends_at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class EndAssignmentSerializer(serializers.Serializer):
    ends_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class DeviationPartySerializer(serializers.Serializer):
    agency = serializers.CharField(source="agency.name")
    analysis = serializers.CharField()
    measures = serializers.CharField()
    answered_at = serializers.DateTimeField(source="responded_at", allow_null=True)


class DeviationSerializer(serializers.Serializer):
    """A deviation; its child (an id) only where the caller may see the child, else null and named
    in `withheld`."""

    id = serializers.IntegerField()
    kind = serializers.CharField()
    status = serializers.CharField()
    source = serializers.CharField()
    reported_at = serializers.DateTimeField()
    happened_on = serializers.DateField()
    description = serializers.CharField()
    consequence = serializers.CharField()
    child = serializers.SerializerMethodField()
    handling_due_on = serializers.DateField(allow_null=True)
    raised_to_steering_group_at = serializers.DateTimeField(source="raised_at", allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    outcome = serializers.CharField()
    reopened = serializers.IntegerField(source="reopened_count")
    agencies = DeviationPartySerializer(source="parties.all", many=True)
    withheld = serializers.SerializerMethodField()

    def _withheld(self, deviation) -> bool:
        return deviation.pk in self.context.get("child_withheld", set())

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_child(self, deviation) -> int | None:
        return None if self._withheld(deviation) else deviation.child_id

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_withheld(self, deviation) -> list[str]:
        return ["child"] if self._withheld(deviation) else []


class AgendaItemSerializer(serializers.Serializer):
    title = serializers.CharField(source="item.title")
    details = serializers.CharField(source="item.details")
    notes = serializers.CharField(source="item.notes")
    deviation = serializers.IntegerField(source="item.deviation_id", allow_null=True)
    child = serializers.SerializerMethodField()
    withheld = serializers.SerializerMethodField()

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_child(self, row) -> int | None:
        return row.child.pk if row.child is not None else None

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_withheld(self, row) -> list[str]:
        return ["child"] if row.child_withheld else []


class ForumActionSerializer(serializers.Serializer):
    text = serializers.CharField()
    owner = serializers.CharField(source="owner.get_full_name")
    due_on = serializers.DateField()
    status = serializers.CharField()


class ForumMeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="meeting.pk")
    forum = serializers.CharField(source="meeting.forum.name")
    starts_at = serializers.DateTimeField(source="meeting.starts_at")
    ends_at = serializers.DateTimeField(source="meeting.ends_at")
    place = serializers.CharField(source="meeting.place")
    minutes = serializers.CharField(source="meeting.minutes")
    agenda = AgendaItemSerializer(source="items", many=True)
    deviations_on_the_way = serializers.SerializerMethodField()
    decisions = serializers.SerializerMethodField()
    action_items = ForumActionSerializer(source="actions", many=True)

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_deviations_on_the_way(self, page) -> list[int]:
        return [entry.pk for entry in page.on_the_way]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_decisions(self, page) -> list[str]:
        return [decision.text for decision in page.decisions]
