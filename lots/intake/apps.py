from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "lots.intake"
    label = "intake"
    verbose_name = _("Shared entry point and concern reports")

    def ready(self) -> None:
        from lots.access import assignments as access_assignments
        from lots.intake import selectors as open_matters

        access_assignments.register_open_matter(
            "concern_report", _("Concern report"), open_matters.children_with_open_reports
        )
        from lots.core import panels, todo
        from lots.intake import (
            indicators,
            policies,  # noqa: F401  (registers the intake models with the policy)
        )
        from lots.intake import panels as intake_panels
        from lots.intake import todo as intake_todo
        from lots.notifications import kinds

        panels.register("concern_reports", intake_panels.concern_reports_panel, order=30)
        todo.register("intake", items=intake_todo.items, work=intake_todo.work, order=10)
        for key, text in {
            "intake.report_received": _("A concern report has arrived at reception"),
            "intake.deadline_near": _("A concern report has a deadline coming up"),
            "intake.deadline_overdue": _("A concern report has passed a deadline"),
            "intake.feedback": _("Social services have given feedback on your concern report"),
            "intake.feedback_requested": _("The reporter of a concern report asks for feedback"),
            "intake.meeting_offered": _("Social services offer you a meeting about your concern report"),
            "intake.request_received": _("A request for help has arrived at the shared entry point"),
            "intake.request_forwarded": _("A request for help has been forwarded to your unit"),
            "intake.request_answered": _("A unit has answered a request for help"),
            "intake.request_unowned": _("A request for help has not been accepted in time"),
        }.items():
            kinds.register(key, text)
        indicators.register_indicators()
