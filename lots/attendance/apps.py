from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttendanceConfig(AppConfig):
    name = "lots.attendance"
    label = "attendance"
    verbose_name = _("School attendance")

    def ready(self) -> None:
        from lots.attendance import (
            indicators,
            panels,
            policies,  # noqa: F401  (registers the absence models with the policy)
            retention,
        )
        from lots.attendance import todo as attendance_todo
        from lots.core import panels as core_panels
        from lots.core import todo
        from lots.notifications import kinds
        from lots.retention import registry

        registry.register_many(retention.KINDS)
        indicators.register_indicators()

        core_panels.register("absence", panels.absence_panel, order=25)
        todo.register("attendance", items=attendance_todo.items, order=15)
        for key, text in {
            "attendance.mentor": _("A pupil's absence has passed the threshold where the mentor contacts home"),
            "attendance.student_health": _("A pupil's absence has passed the student health team's threshold"),
            "attendance.routine": _(
                "A pupil's absence has reached the threshold of the routine for problematic school absence: "
                "decide whether to start it"
            ),
        }.items():
            kinds.register(key, text)
