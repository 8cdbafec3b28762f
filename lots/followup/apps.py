from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "lots.followup"
    label = "followup"
    verbose_name = _("Follow-up")

    def ready(self) -> None:
        from lots.core import todo
        from lots.followup import todo as followup_todo

        todo.register("followup", work=followup_todo.work, order=90)
