from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "lots.api"
    label = "api"
    verbose_name = _("REST API")

    def ready(self) -> None:
        from lots.api import schema  # noqa: F401  (registers the token scheme with drf-spectacular)
