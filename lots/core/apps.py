from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "lots.core"
    label = "core"
    verbose_name = _("Lots core")

    def ready(self) -> None:
        from lots.core.statements import cache_long_statements

        cache_long_statements()
