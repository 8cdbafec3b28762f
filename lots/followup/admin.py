from django import forms
from django.contrib import admin

from lots.followup import registry
from lots.followup.models import Target


class TargetForm(forms.ModelForm):
    indicator = forms.ChoiceField(choices=())

    class Meta:
        model = Target
        fields = ["indicator", "principal", "value", "source"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [(i.key, f"{i.area}: {i.label}") for i in registry.indicators()]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    form = TargetForm
    list_display = ["indicator", "principal", "value", "source"]
    list_filter = ["principal"]
