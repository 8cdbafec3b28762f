from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "lots.access"
    label = "access"
    verbose_name = _("Access policy")

    def ready(self) -> None:
        from lots.access import assignments, panels, policies, retention  # noqa: F401  (policies registers the people models)
        from lots.core import panels as child_panels
        from lots.organisations import services as organisations_services
        from lots.retention import registry

        child_panels.register("consents", panels.consents_panel, order=10)
        child_panels.register("assignments", panels.assignments_panel, order=5)
        organisations_services.MEMBERSHIP_END_GUARDS.append(assignments.membership_end_problems)
        registry.register_many(retention.KINDS)
