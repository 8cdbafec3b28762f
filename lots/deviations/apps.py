from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeviationsConfig(AppConfig):
    name = "lots.deviations"
    label = "deviations"
    verbose_name = _("Deviations")

    def ready(self) -> None:
        from lots.core import panels, todo
        from lots.deviations import (
            indicators,
            policies,  # noqa: F401  (registers deviations with the access policy)
            retention,
        )
        from lots.deviations import panels as deviation_panels
        from lots.deviations import todo as deviation_todo
        from lots.notifications import kinds
        from lots.retention import registry

        panels.register("deviations", deviation_panels.deviations_panel, order=60)
        todo.register("deviations", items=deviation_todo.items, order=50)
        registry.register_many(retention.KINDS)
        indicators.register_indicators()
        for key, text in {
            "deviations.received": _("A deviation involving your agency has been reported"),
            "deviations.proposed": _("Lots proposes a deviation for you to confirm or dismiss"),
            "deviations.raised": _("A deviation has been raised to the steering group"),
            "deviations.overdue": _("The handling of a deviation is overdue"),
            "deviations.reopened": _("A deviation has been reopened"),
            "deviations.closed": _("A deviation you reported has been closed"),
        }.items():
            kinds.register(key, text)
