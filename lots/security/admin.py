from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lots.security import sessions
from lots.security.models import ExternalIdentity, TaskFailure, UserSession


@admin.register(ExternalIdentity)
class ExternalIdentityAdmin(admin.ModelAdmin):
    """Where an administrator links a member of staff to their identity at the IdP."""

    list_display = ["user", "issuer", "subject", "linked_at", "last_used_at"]
    search_fields = ["user__username", "subject"]
    autocomplete_fields = ["user"]
    readonly_fields = ["linked_at", "last_used_at"]


@admin.register(UserSession)
class UserSessionAdmin(admin.ModelAdmin):
    list_display = ["user", "signed_in_at", "method"]
    list_filter = ["method"]
    search_fields = ["user__username"]
    readonly_fields = ["user", "session_key", "signed_in_at", "method", "user_agent"]
    actions = ["sign_out_everywhere"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Sign the chosen users out everywhere"))
    def sign_out_everywhere(self, request, queryset):
        users = {row.user for row in queryset.select_related("user")}
        ended = sum(sessions.sign_out_everywhere(user=user) for user in users)
        self.message_user(request, _("%(count)s sessions ended.") % {"count": ended}, messages.SUCCESS)


@admin.register(TaskFailure)
class TaskFailureAdmin(admin.ModelAdmin):
    list_display = ["task_path", "attempts", "error", "failed_at", "handled_at"]
    list_filter = ["handled_at"]
    readonly_fields = ["task_path", "task_result_id", "attempts", "error", "failed_at"]
    actions = ["mark_handled"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Mark as handled"))
    def mark_handled(self, request, queryset):
        queryset.filter(handled_at__isnull=True).update(handled_at=timezone.now())
