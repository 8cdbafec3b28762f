from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumsConfig(AppConfig):
    name = "lots.forums"
    label = "forums"
    verbose_name = _("Collaboration forums")

    def ready(self) -> None:
        from lots.core import todo
        from lots.forums import policies  # noqa: F401  (registers agenda items with the access policy)
        from lots.forums import todo as forum_todo
        from lots.notifications import kinds

        todo.register("forums", items=forum_todo.items, order=60)

        for key, text in {
            "forums.meeting_called": _("A forum you are a member of has called a meeting"),
            "forums.action_assigned": _("A forum has given you an action item"),
            "forums.action_overdue": _("An action item of yours from a forum is overdue"),
        }.items():
            kinds.register(key, text)
