"""Administrators make API clients and their tokens here. A token is shown once, when made;
making and revoking one writes an audit row. A client acts only as a member of staff of its own
principal's agencies (`services.check_client`)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lots.api import services
from lots.api.models import ApiClient, ApiToken


class ApiTokenInline(admin.TabularInline):
    model = ApiToken
    extra = 0
    fields = ["prefix", "created_at", "created_by", "expires_at", "revoked_at", "last_used_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ApiClientForm(forms.ModelForm):
    class Meta:
        model = ApiClient
        fields = ["name", "principal", "acting_as", "agencies", "scope", "active"]

    def clean(self):
        data = super().clean()
        if all(data.get(name) is not None for name in ("principal", "acting_as", "agencies")):
            try:
                services.check_client(
                    principal=data["principal"], acting_as=data["acting_as"], agencies=list(data["agencies"])
                )
            except ValidationError as error:
                self._update_errors(error)
        return data


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    form = ApiClientForm
    list_display = ["name", "principal", "acting_as", "scope", "active", "created_at", "revoked_at"]
    list_filter = ["scope", "active"]
    search_fields = ["name"]
    autocomplete_fields = ["acting_as"]
    filter_horizontal = ["agencies"]
    readonly_fields = ["created_at", "revoked_at"]
    inlines = [ApiTokenInline]
    actions = ["issue_token", "revoke"]

    @admin.action(description=_("Make a new token (shown once)"))
    def issue_token(self, request, queryset):
        for client in queryset:
            try:
                _token, secret = services.issue_token(client=client, created_by=request.user)
            except ValidationError as error:
                self.message_user(request, f"{client}: {' '.join(error.messages)}", messages.ERROR)
                continue
            self.message_user(
                request,
                _("Token for %(client)s, shown only now: %(token)s") % {"client": client, "token": secret},
                messages.WARNING,
            )

    @admin.action(description=_("Revoke the client and all its tokens"))
    def revoke(self, request, queryset):
        for client in queryset:
            services.revoke_client(client=client, by=request.user)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["client", "prefix", "created_at", "expires_at", "revoked_at", "last_used_at"]
    list_filter = ["client"]
    readonly_fields = ["client", "prefix", "created_at", "created_by", "last_used_at", "revoked_at"]
    exclude = ["secret_hash"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Revoke"))
    def revoke(self, request, queryset):
        for token in queryset:
            services.revoke_token(token=token, by=request.user)
