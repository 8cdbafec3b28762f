from django import forms
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lots.forums.models import ActionStatus, ForumKind


class ForumForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of forum"), choices=ForumKind.choices)
    purpose = forms.CharField(label=_("Purpose"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    schedule = forms.CharField(
        label=_("Schedule"), max_length=200, required=False, help_text=_("For example: twice a term.")
    )


class MemberForm(forms.Form):
    username = forms.CharField(label=_("User name of the member"), max_length=150)
    role_text = forms.CharField(label=_("Role in the forum"), max_length=200, required=False)


class MeetingForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("Starts"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    ends_at = forms.DateTimeField(label=_("Ends"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    place = forms.CharField(label=_("Place"), max_length=300)


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Item"), max_length=300)
    details = forms.CharField(
        label=_("Details"),
        help_text=_("Without names: a case is discussed without them."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=pgettext_lazy("forum", "Minutes"), widget=forms.Textarea(attrs={"rows": 6}))
    attended = forms.MultipleChoiceField(label=_("Attended"), widget=forms.CheckboxSelectMultiple, required=False)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [(str(m.pk), f"{m.user.get_full_name()} ({m.agency.name})") for m in members]


class DecisionForm(forms.Form):
    text = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 2}))


class ActionForm(forms.Form):
    text = forms.CharField(label=_("Action"), widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.ChoiceField(label=_("Owner"))
    due_on = forms.DateField(label=_("Due"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "–")] + [(str(m.user_id), m.user.get_full_name()) for m in members]


class FollowUpForm(forms.Form):
    status = forms.ChoiceField(label=_("How does it stand?"), choices=ActionStatus.choices)
    note = forms.CharField(label=_("Follow-up"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class RaiseForm(forms.Form):
    meeting = forms.ChoiceField(label=_("Meeting"))

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].choices = [
            (str(m.pk), f"{m.forum.name} – {date_format(localtime(m.starts_at), 'DATETIME_FORMAT')}") for m in meetings
        ]
