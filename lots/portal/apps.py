from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "lots.portal"
    label = "portal"
    verbose_name = _("Family view")

    def ready(self) -> None:
        from lots.portal import dev_idp  # noqa: F401  (registers its deploy check)
