from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from lots.organisations.actor import Actor
from lots.security import enrolment, sessions
from lots.security.models import EnrolmentLink, ExternalIdentity, TaskFailure, UserSession


@admin.register(ExternalIdentity)
class ExternalIdentityAdmin(admin.ModelAdmin):
    """Where an administrator links a member of staff to their identity at the IdP."""

    list_display = ["user", "issuer", "subject", "linked_at", "last_used_at"]
    search_fields = ["user__username", "subject"]
    autocomplete_fields = ["user"]
    readonly_fields = ["linked_at", "last_used_at"]


@admin.register(UserSession)
class UserSessionAdmin(admin.ModelAdmin):
    """Who is signed in, to sign them out. The session key is a bearer secret: never shown."""

    list_display = ["user", "signed_in_at", "method"]
    list_filter = ["method"]
    search_fields = ["user__username"]
    fields = ["user", "signed_in_at", "method", "user_agent"]
    readonly_fields = fields
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


class EnrolmentLinkForm(forms.ModelForm):
    class Meta:
        model = EnrolmentLink
        fields = ["user"]

    def clean_user(self):
        user = self.cleaned_data["user"]
        try:
            enrolment.check_issue(user=user, issued_by=self.issued_by)
        except ValidationError as error:
            raise ValidationError(error.message_dict["user"]) from error
        return user


@admin.register(EnrolmentLink)
class EnrolmentLinkAdmin(admin.ModelAdmin):
    """Where an administrator issues a one-time link for a colleague to enrol an authenticator
    app. The link is shown once, when issued; only its hash is kept."""

    form = EnrolmentLinkForm
    list_display = ["user", "issued_by", "issued_at", "expires_at", "used_at"]
    search_fields = ["user__username"]
    autocomplete_fields = ["user"]
    list_select_related = ["user", "issued_by"]

    def get_fields(self, request, obj=None):
        return ["user"] if obj is None else ["user", "issued_by", "issued_at", "expires_at", "used_at"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.issued_by = request.user
        return form

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        link, token = enrolment.issue_link(user=obj.user, actor=Actor.from_request(request))
        obj.pk, obj.issued_at, obj.expires_at = link.pk, link.issued_at, link.expires_at
        url = request.build_absolute_uri(reverse("enrol_second_factor", args=[token]))
        self.message_user(
            request,
            _("Enrolment link for %(user)s, shown only now; it works once, until %(until)s: %(url)s")
            % {
                "user": obj.user,
                "until": date_format(timezone.localtime(link.expires_at), "DATETIME_FORMAT"),
                "url": url,
            },
            messages.WARNING,
        )


# Authenticators are enrolled only through an enrolment link by their owner; the admin neither
# makes them nor shows their keys (django-otp's own admin would do both).
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)
