from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "lots.audit"
    label = "audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        from lots.audit import retention
        from lots.retention import registry

        registry.register_many(retention.KINDS)
