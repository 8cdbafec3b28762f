from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FamiliesConfig(AppConfig):
    name = "lots.families"
    label = "families"
    verbose_name = _("Family coordination")

    def ready(self) -> None:
        from lots.access.secrecy import Purpose
        from lots.access.services import WITHDRAWAL_CONSEQUENCES
        from lots.core import panels as child_panels
        from lots.core import todo
        from lots.families import indicators, panels, policies, services  # noqa: F401  (policies registers the models)
        from lots.families import todo as families_todo
        from lots.families.retention import KINDS
        from lots.notifications import kinds
        from lots.retention import registry

        WITHDRAWAL_CONSEQUENCES[Purpose.FAMILY_COORDINATION] = services.end_for_withdrawal
        child_panels.register("families", panels.family_panel, order=30)
        todo.register("families", items=families_todo.items, order=40)
        for key, text in NOTIFICATION_KINDS.items():
            kinds.register(key, text)
        registry.register_many(KINDS)
        indicators.register_indicators()


#: The fixed texts of the families app's notifications: never a name, only what needs attention.
NOTIFICATION_KINDS = {
    "families.referred": _("A family has been referred to your family coordination team"),
    "families.self_referred": _("A family has contacted your family coordination team by itself"),
    "families.decided": _("The family coordination team has decided on a family you referred"),
    "families.coordinator": _("You are the family coordinator of a new family"),
    "families.consent_withdrawn": _("A family you coordinate has withdrawn its consent"),
}
