from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "lots.plans"
    label = "plans"
    verbose_name = _("Coordinated individual plans (SIP)")

    def ready(self) -> None:
        from lots.access import assignments as access_assignments
        from lots.plans.selectors import lists as open_matters

        access_assignments.register_open_matter("sip", _("SIP"), open_matters.children_with_open_sips)
        from lots.access.secrecy import Purpose
        from lots.access.services import WITHDRAWAL_CONSEQUENCES
        from lots.core import panels as child_panels
        from lots.core import todo
        from lots.notifications import kinds
        from lots.plans import indicators, panels, policies, services  # noqa: F401  (policies registers the models)
        from lots.plans import todo as plans_todo

        WITHDRAWAL_CONSEQUENCES[Purpose.SIP] = services.pause_for_withdrawal
        child_panels.register("plans", panels.sips_panel, order=20)
        todo.register("plans", items=plans_todo.items, order=20)
        for key, text in NOTIFICATION_KINDS.items():
            kinds.register(key, text)
        indicators.register_indicators()


#: The fixed texts of the plans app's notifications: never a name, only what needs attention.
NOTIFICATION_KINDS = {
    "plans.invited": _("You have been invited to take part in a SIP"),
    "plans.lead": _("You are now the lead of a SIP"),
    "plans.meeting_called": _("You are called to a SIP meeting"),
    "plans.meeting_changed": _("A SIP meeting you are called to has changed"),
    "plans.meeting_cancelled": _("A SIP meeting you were called to is cancelled"),
    "plans.paused": _(
        "A SIP you take part in is paused because the consent was withdrawn: see what it means for your work"
    ),
    "plans.resumed": _("A paused SIP you take part in has been resumed"),
    "plans.follow_up_due": _("A SIP you lead is due for follow-up soon"),
    "plans.follow_up_overdue": _("A SIP you lead is overdue for follow-up"),
    "plans.ended": _("A SIP you took part in has been closed or cancelled"),
}
