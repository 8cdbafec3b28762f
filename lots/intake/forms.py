from django import forms
from django.utils.translation import gettext_lazy as _

from lots.children import chooser
from lots.core.idempotency import SubmissionKeyForm
from lots.intake.models import GuardiansInformed, Need, ProtectionOutcome, ReportStatus, Violence
from lots.people.forms import IdentityNumberField


class ConcernReportForm(SubmissionKeyForm):
    receiving_agency = forms.ChoiceField(label=_("Social services the report is sent to"))
    child = forms.ChoiceField(label=_("The child, if it is one of yours"), required=False)
    identity_number = IdentityNumberField(label=_("The child's identity number, if known"), required=False)
    child_name = forms.CharField(label=_("The child's name, if known"), max_length=200, required=False)
    child_details = forms.CharField(
        label=_("What else is known about the child"),
        help_text=_("For a child whose identity number you do not know: age, school, class, where the child lives."),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    observed = forms.CharField(
        label=_("What have you seen or heard?"),
        help_text=_("Describe as concretely as you can, in the words you heard. You do not need proof."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    observed_on = forms.DateField(label=_("When"), widget=forms.DateInput(attrs={"type": "date"}))
    violence = forms.ChoiceField(
        label=_("Does the concern involve violence?"), choices=Violence.choices, widget=forms.RadioSelect
    )
    guardians_informed = forms.ChoiceField(
        label=_("Have the guardians been told of the report?"),
        choices=GuardiansInformed.choices,
        widget=forms.RadioSelect,
    )
    guardians_not_informed_reason = forms.CharField(
        label=_("If not: why?"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    reporter_name = forms.CharField(label=_("Your name"), max_length=200)
    reporter_phone = forms.CharField(label=_("Your telephone"), max_length=40, required=False)
    reporter_email = forms.EmailField(label=_("Your e-mail"), required=False)
    feedback_requested = forms.BooleanField(
        label=_("I want feedback on whether an investigation is opened"), required=False, initial=True
    )

    def __init__(self, *args, agencies, children, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receiving_agency"].choices = [(str(a.pk), str(a)) for a in agencies]
        chooser.install(self, children, empty_label=_("– not one of my children –"))

    def clean(self):
        return chooser.clean(self, super().clean())


class ProtectionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ProtectionOutcome.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("The assessment"), widget=forms.Textarea(attrs={"rows": 3}))


DECISIONS = [
    (ReportStatus.INVESTIGATION_OPENED, _("Open an investigation")),
    (ReportStatus.NOT_OPENED, _("Open no investigation")),
    (ReportStatus.ALREADY_ONGOING, _("An investigation is already under way")),
]


class DecisionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    investigation_reference = forms.CharField(
        label=_("Case number in the case record system"), max_length=100, required=False
    )

    def __init__(self, *args, violence: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if violence:
            self.fields["outcome"].choices = [c for c in DECISIONS if c[0] != ReportStatus.NOT_OPENED]


class ExtendForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    until = forms.DateField(label=_("New last day"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Special reasons"), widget=forms.Textarea(attrs={"rows": 2}))


class LinkChildForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    identity_number = IdentityNumberField(label=_("Identity number"), required=False)
    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    date_of_birth = forms.DateField(
        label=_("Date of birth, if known"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class HelpRequestForm(SubmissionKeyForm):
    entry_point = forms.ChoiceField(label=_("Shared entry point"))
    child = forms.ChoiceField(label=_("The child, if it is one of yours"), required=False)
    who = forms.CharField(
        label=_("Who the request is about"),
        max_length=200,
        help_text=_("The child or family, as the family wishes to be named."),
    )
    needs = forms.MultipleChoiceField(label=_("Needs"), choices=Need.choices, widget=forms.CheckboxSelectMultiple)
    description = forms.CharField(label=_("The need in words"), widget=forms.Textarea(attrs={"rows": 5}))
    family_consents = forms.BooleanField(
        label=_("The family agrees to the request being shared with the agencies that can help"), required=False
    )

    def __init__(self, *args, entry_points, children, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry_point"].choices = [(str(p.pk), p.name) for p in entry_points]
        chooser.install(self, children, empty_label=_("– none –"))

    def clean(self):
        return chooser.clean(self, super().clean())


class ForwardForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    units = forms.MultipleChoiceField(label=_("Forward to"), widget=forms.CheckboxSelectMultiple)
    note = forms.CharField(label=_("Note to the units"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, units, suggested, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].choices = [(str(u.pk), f"{u.name} ({u.agency.name})") for u in units]
        self.fields["units"].initial = [str(u.pk) for u in suggested]


class AnswerForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("Answer"),
        choices=[("1", _("We accept the request")), ("0", _("We decline"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class CloseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Why the request is closed"), widget=forms.Textarea(attrs={"rows": 2}))
