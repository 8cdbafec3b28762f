"""Forms of the access policy's pages (break the glass, consents)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lots.access.models import Consent
from lots.access.secrecy import CrossPrincipalGround, InformationKind, Purpose
from lots.core.idempotency import SubmissionKeyForm
from lots.people.forms import IdentityNumberField


class BreakGlassForm(forms.Form):
    identity_number = IdentityNumberField(label=_("The child's identity number"))
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text=_("Why you need to see this child now, outside your ordinary access."),
    )
    cross_principal_ground = forms.ChoiceField(
        label=_("Ground, if the child belongs to another principal"),
        choices=[("", _("None: the child belongs to my municipality or region")), *CrossPrincipalGround.choices],
        required=False,
        help_text=_("Another municipality's or region's child only on a ground the law gives."),
    )


class ConsentForm(SubmissionKeyForm):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Purpose.choices)
    purpose_text = forms.CharField(label=_("Purpose in words"), max_length=300, required=False)
    agencies = forms.MultipleChoiceField(
        label=_("Agencies that may share with each other"), widget=forms.CheckboxSelectMultiple
    )
    information_kinds = forms.TypedMultipleChoiceField(
        label=_("Kinds of information"),
        choices=InformationKind.choices,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    form = forms.ChoiceField(label=_("How the consent was given"), choices=Consent.Form.choices)
    valid_until = forms.DateField(
        label=_("Valid until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    guardians = forms.MultipleChoiceField(
        label=_("Guardians who consent now"), widget=forms.CheckboxSelectMultiple, required=False
    )
    single_guardian_ground = forms.CharField(
        label=_("Ground for one guardian's consent"),
        max_length=300,
        required=False,
        help_text=_("Only where two have custody and one guardian's consent suffices: say why."),
    )
    child_view = forms.CharField(
        label=_("The child's own view, in the child's words"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, agencies, guardians, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agencies"].choices = [(str(a.pk), str(a)) for a in agencies]
        self.fields["guardians"].choices = [(str(g.pk), g.full_name) for g in guardians]


class ConsentPartyForm(forms.Form):
    guardian = forms.ChoiceField(label=_("Guardian"), required=False)
    agrees = forms.TypedChoiceField(
        label=_("Answer"),
        choices=[("1", pgettext_lazy("a party's answer", "Consents")), ("0", _("Does not consent"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    view_in_words = forms.CharField(
        label=_("In their own words"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, guardians, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["guardian"].choices = [("", _("The child's own view"))] + [
            (str(g.pk), g.full_name) for g in guardians
        ]


class WithdrawConsentForm(forms.Form):
    withdrawn_by_name = forms.CharField(label=_("Who withdrew the consent"), max_length=200)


# Assignments (issue 21) -------------------------------------------------------------------------


class AssignForm(forms.Form):
    user = forms.ChoiceField(label=_("Staff member"))
    reason = forms.ChoiceField(label=_("Reason"))
    starts_on = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(
        label=_("Until (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The last day. Leave empty for an assignment that runs until it is ended."),
    )
    note = forms.CharField(label=_("Note (optional)"), max_length=300, required=False)

    def __init__(self, *args, staff, reasons, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [("", _("Choose")), *[(str(u.pk), str(u)) for u in staff]]
        self.fields["reason"].choices = [("", _("Choose")), *reasons]


class EndAssignmentForm(forms.Form):
    ends_on = forms.DateField(
        label=_("Last day"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty to end it now."),
    )
    note = forms.CharField(label=_("Note (optional)"), max_length=300, required=False)


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Why you decline"), max_length=300)


class HandoverForm(forms.Form):
    """Each of the leaver's children to a colleague (`to_<assignment id>`), or all to one (`to_all`)."""

    to_all = forms.ChoiceField(label=_("Hand all to"), required=False)
    last_day = forms.DateField(
        label=_("Last day in the unit (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Given, the membership of the unit ends that day, once no child is left without an owner."),
    )
    note = forms.CharField(label=_("Note (optional)"), max_length=300, required=False)

    def __init__(self, *args, rows, colleagues, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("Keep")), *[(str(u.pk), str(u)) for u in colleagues]]
        self.fields["to_all"].choices = [("", _("Choose per child")), *choices[1:]]
        self.rows = rows
        for row in rows:
            self.fields[f"to_{row.assignment.pk}"] = forms.ChoiceField(
                label=str(row.child), choices=choices, required=False
            )

    def row_fields(self):
        return [(row, self[f"to_{row.assignment.pk}"]) for row in self.rows]

    def chosen(self) -> dict[int, str]:
        """assignment id → the colleague's user id chosen for it."""
        everyone = self.cleaned_data.get("to_all") or ""
        return {
            row.assignment.pk: everyone or self.cleaned_data.get(f"to_{row.assignment.pk}") or ""
            for row in self.rows
            if everyone or self.cleaned_data.get(f"to_{row.assignment.pk}")
        }
