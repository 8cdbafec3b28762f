from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "lots.catalogue"
    label = "catalogue"
    verbose_name = _("Intervention catalogue")

    def ready(self) -> None:
        from lots.catalogue import panels
        from lots.core import panels as child_panels
        from lots.notifications import kinds

        child_panels.register("catalogue_suggestions", panels.suggestions_panel, order=80)
        kinds.register("catalogue.review_due", _("An entry in the intervention catalogue is due for review"))
