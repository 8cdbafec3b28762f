from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "lots.security"
    label = "security"
    verbose_name = _("Security and reliability")

    def ready(self) -> None:
        from lots.core import tasks
        from lots.notifications import kinds
        from lots.retention import registry
        from lots.security import failures, retention

        kinds.register("security.task_failed", _("A background task failed after every try. See the operator log."))
        registry.register_many(retention.KINDS)
        tasks.report_failures_to(failures.keep_failure)
