from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "lots.documents"
    label = "documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        from lots.documents import owners, policies, services  # noqa: F401  (registers the document model and owners)
        from lots.retention import registry

        owners.register_foundation()
        registry.before_any_cull(services.discard_documents_of)
