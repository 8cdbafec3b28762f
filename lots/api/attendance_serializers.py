"""What leaves Lots of school absence through the API: a pupil's figures, weeks and signals, and
the head teacher's list (issue 24). Allow-listed field by field, as in `serializers`; a pupil is
named only by id (who the pupil is comes from /children/<id>/, through the policy)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lots.attendance.models import LEVEL_ORDER, Level
from lots.attendance.selectors import due_on

PERCENT = {"max_digits": 4, "decimal_places": 1, "coerce_to_string": False}


class AbsenceFiguresSerializer(serializers.Serializer):
    scheduled_weeks = serializers.IntegerField(help_text=_("Minutes scheduled, the last four weeks."))
    valid_weeks = serializers.IntegerField()
    invalid_weeks = serializers.IntegerField()
    percent_weeks = serializers.DecimalField(**PERCENT, help_text=_("Share absent, the last four weeks (%)."))
    scheduled_term = serializers.IntegerField(help_text=_("Minutes scheduled this term."))
    valid_term = serializers.IntegerField()
    invalid_term = serializers.IntegerField()
    percent_term = serializers.DecimalField(**PERCENT)
    days_in_row = serializers.IntegerField(help_text=_("The longest run this term of whole school days absent."))


class AbsenceWeekSerializer(serializers.Serializer):
    monday = serializers.DateField()
    scheduled = serializers.IntegerField()
    valid = serializers.IntegerField()
    invalid = serializers.IntegerField()


class ThresholdsSerializer(serializers.Serializer):
    mentor_percent = serializers.IntegerField()
    student_health_percent = serializers.IntegerField()
    routine_percent = serializers.IntegerField()
    routine_days = serializers.IntegerField()


class AbsenceSignalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    child = serializers.IntegerField(source="child_id")
    level = serializers.ChoiceField(choices=Level.choices)
    raised_on = serializers.DateField()
    percent = serializers.DecimalField(**PERCENT)
    days_in_row = serializers.IntegerField()
    journey = serializers.IntegerField(source="journey_id", allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    investigated_on = serializers.DateField(allow_null=True)
    reported_on = serializers.DateField(allow_null=True)
    investigation_due = serializers.SerializerMethodField()

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_investigation_due(self, signal):
        """When the head teacher's investigation (Skollagen 7:19 a) is due; null below the routine's level."""
        return due_on(signal)


class ChildAbsenceSerializer(serializers.Serializer):
    today = serializers.DateField()
    figures = AbsenceFiguresSerializer()
    weeks = AbsenceWeekSerializer(many=True)
    signals = AbsenceSignalSerializer(many=True)
    thresholds = ThresholdsSerializer()


class SchoolPupilSerializer(serializers.Serializer):
    child = serializers.IntegerField(source="child.pk")
    figures = AbsenceFiguresSerializer()
    levels = serializers.ListField(
        child=serializers.CharField(), help_text=_("The levels reached now (the values of a signal's level).")
    )
    signals = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_signals(self, row) -> list[int]:
        """The ids of the pupil's signals this term at the school."""
        return [signal.pk for signal in row.signals.values()]


class SchoolAbsenceSerializer(serializers.Serializer):
    today = serializers.DateField()
    counts = serializers.DictField(child=serializers.IntegerField(), help_text=_("Pupils over each level now."))
    trend = serializers.SerializerMethodField()
    pupils = SchoolPupilSerializer(many=True, source="rows")
    thresholds = ThresholdsSerializer()

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_trend(self, overview) -> list[dict]:
        """The signals raised week by week this term, per level: `{"week": date, "mentor": n, …}`."""
        return [{"week": week, **{str(level): n.get(level, 0) for level in LEVEL_ORDER}} for week, n in overview.trend]
