from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChildrenConfig(AppConfig):
    """The pages and reads about children that go through the access policy: my children, search,
    the child's page, the child's consents and break the glass (docs/architecture.md). The register
    itself (the tables) is `people`'s; this app owns no models."""

    name = "lots.children"
    label = "children"
    verbose_name = _("Children")
