from django import forms
from django.contrib import admin

from lots.core.concurrency import VersionedFormMixin
from lots.retention import registry, services
from lots.retention.models import CullRecord, CullRun, RetentionRule


class RetentionRuleForm(VersionedFormMixin, forms.ModelForm):
    """The admin's edit form carries the version it showed: a second editor is refused."""

    class Meta:
        model = RetentionRule
        fields = ["kind", "principal", "years", "days", "action", "decision"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"] = forms.ChoiceField(label=self.fields["kind"].label, choices=registry.choices())
        self.fields["seen_version"].initial = self.instance.version if self.instance.pk else 1
        self.fields["seen_version"].required = bool(self.instance.pk)

    def clean(self):
        data = super().clean()
        if self.instance.pk:
            # Written here, version-checked, so that a refusal shows on the form.
            services.change_rule(
                user=self.user,
                rule=RetentionRule.objects.get(pk=self.instance.pk),
                expected_version=data.get("seen_version") or 0,
                years=data.get("years") or 0,
                days=data.get("days") or 0,
                action=data.get("action"),
                decision=data.get("decision", ""),
            )
        return data


@admin.register(RetentionRule)
class RetentionRuleAdmin(admin.ModelAdmin):
    form = RetentionRuleForm
    list_display = ["kind", "principal", "years", "days", "action", "changed_at"]
    list_filter = ["kind", "principal"]
    readonly_fields = ["changed_at", "changed_by"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.user = request.user
        return form

    def save_model(self, request, obj, form, change):
        if not change:  # a change was written, version-checked, when the form was cleaned
            obj.changed_by = request.user
            obj.save()


class CullRecordInline(admin.TabularInline):
    model = CullRecord
    extra = 0
    can_delete = False
    fields = ["kind", "principal_name", "years", "days", "action", "cutoff", "count", "remaining"]
    readonly_fields = fields


@admin.register(CullRun)
class CullRunAdmin(admin.ModelAdmin):
    list_display = ["started_at", "dry_run", "started_by", "finished_at"]
    list_filter = ["dry_run"]
    inlines = [CullRecordInline]
    readonly_fields = ["started_at", "finished_at", "dry_run", "started_by"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
