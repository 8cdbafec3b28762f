from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InteropConfig(AppConfig):
    name = "lots.interop"
    label = "interop"
    verbose_name = _("Interoperability")

    def ready(self):
        from lots.interop import retention
        from lots.retention import registry

        registry.register_many(retention.KINDS)
