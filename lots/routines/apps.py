from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoutinesConfig(AppConfig):
    name = "lots.routines"
    label = "routines"
    verbose_name = _("Routines and journeys")

    def ready(self) -> None:
        from lots.access import assignments as access_assignments
        from lots.routines import selectors as open_matters

        access_assignments.register_open_matter(
            "journey_step", _("Routine step"), open_matters.children_with_held_steps
        )
        from lots.core import panels, todo
        from lots.notifications import kinds
        from lots.routines import (
            indicators,
            policies,  # noqa: F401  (registers journeys with the access policy)
        )
        from lots.routines import panels as routine_panels
        from lots.routines import todo as routine_todo

        panels.register("routines", routine_panels.journeys_panel, order=40)
        todo.register("routines", items=routine_todo.items, order=30)
        for key, text in {
            "routines.published": _("A routine that concerns you has a new version to read"),
            "routines.reminder": _("A routine that concerns you is still waiting to be read"),
            "routines.handover": _("A step of a routine has been handed over to your unit"),
            "routines.escalated": _("A step of a routine is overdue or has no one holding it"),
        }.items():
            kinds.register(key, text)
        indicators.register_indicators()
