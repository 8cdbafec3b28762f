from collections.abc import Sequence

from django import forms
from django.db.models import QuerySet
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from lots.catalogue.choices import LANGUAGES, AccessRoute
from lots.catalogue.selectors import area_of
from lots.catalogue.services import PROFILE_FIELDS
from lots.organisations.models import Principal

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
#: The area chooser's value for "Hela landet" (the public page's is the empty choice).
WHOLE_COUNTRY = "alla"


def _language_choices():
    return [(code, name.capitalize()) for code, name in LANGUAGES.items()]


class SearchForm(forms.Form):
    """The search, public and staff alike. All fields optional; bad values are simply ignored."""

    q = forms.CharField(label=_("What do you need help with?"), required=False, max_length=200)
    behov = forms.MultipleChoiceField(label=_("Needs"), required=False, widget=forms.CheckboxSelectMultiple)
    alder = forms.IntegerField(label=_("Age of the child or young person"), required=False, min_value=0, max_value=25)
    verksamhet = forms.TypedChoiceField(label=_("Agency"), required=False, coerce=int, empty_value=None)
    vag = forms.ChoiceField(label=_("How to get it"), required=False)
    sprak = forms.ChoiceField(label=_("Language"), required=False)

    def __init__(self, *args, needs=(), agencies=(), need_label=str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update({"type": "search", "autocomplete": "off"})
        self.fields["behov"].choices = [(tag.slug, need_label(tag)) for tag in needs]
        self.fields["verksamhet"].choices = [("", _("All agencies"))] + [(a.pk, str(a)) for a in agencies]
        self.fields["vag"].choices = [("", _("Any way in")), *AccessRoute.choices]
        self.fields["sprak"].choices = [("", _("Any language")), *_language_choices()]

    def criteria(self) -> dict:
        # A bad value leaves out its own filter only (an agency of another area, an age of "x").
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "text": data.get("q") or "",
            "needs": data.get("behov") or [],
            "age": data.get("alder"),
            "agency_ids": [data["verksamhet"]] if data.get("verksamhet") else [],
            "access_route": data.get("vag") or "",
            "language": data.get("sprak") or "",
        }

    def has_criteria(self) -> bool:
        criteria = self.criteria()
        return bool(criteria["text"] or criteria["needs"])


class AreaForm(forms.Form):
    """Where the search looks (`omrade` in the address: a principal's id, no person data).

    Staff choose a municipality or region, or the whole country ("alla"); not choosing keeps
    their own area. The public page chooses among municipalities, none meaning the whole
    country. An unknown value is refused with a message and the default is searched instead.
    """

    omrade = forms.ChoiceField(required=False)

    def __init__(self, data, *, principals: Sequence[Principal], default: Principal | None, public: bool):
        super().__init__(data)
        self.principals = principals
        self.by_pk = {str(p.pk): p for p in principals}
        self.default = default
        self.public = public
        municipalities = [(str(p.pk), p.name) for p in principals if p.kind == Principal.Kind.MUNICIPALITY]
        regions = [(str(p.pk), p.name) for p in principals if p.kind == Principal.Kind.REGION]
        field = self.fields["omrade"]
        if public:
            field.error_messages["invalid_choice"] = _(
                "There is no municipality with that number. Choose one in the list."
            )
            field.label = _("Municipality where the child lives")
            field.help_text = _("Shows the municipality's support and its region's health care.")
            self.groups = [(None, [("", _("The whole country")), *municipalities])]
        else:
            field.error_messages["invalid_choice"] = _(
                "There is no municipality or region with that number. Choose one in the list."
            )
            field.label = _("Area")
            field.help_text = _("A municipality with its region, or a region with its municipalities.")
            self.groups = [
                (None, [(WHOLE_COUNTRY, _("The whole country"))]),
                (_("Regions"), regions),
                (_("Municipalities"), municipalities),
            ]
        field.choices = [choice for _label, choices in self.groups for choice in choices]

    @property
    def chosen(self) -> Principal | None:
        """The principal whose area is searched, None for the whole country."""
        value = self.cleaned_data.get("omrade", "") if self.is_valid() else ""
        if value == WHOLE_COUNTRY:
            return None
        return self.by_pk[value] if value else self.default

    def principal_ids(self) -> list[int] | QuerySet | None:
        chosen = self.chosen
        return area_of(chosen, self.principals) if chosen is not None else None

    def options(self) -> SafeString:
        """The `<option>`s, written once here: ~300 through the template would cost milliseconds."""
        chosen = self.chosen
        selected = str(chosen.pk) if chosen is not None else ("" if self.public else WHOLE_COUNTRY)
        html = []
        for label, choices in self.groups:
            options = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                ((value, " selected" if value == selected else "", name) for value, name in choices),
            )
            html.append(options if label is None else format_html('<optgroup label="{}">{}</optgroup>', label, options))
        return format_html_join("", "{}", ((part,) for part in html))


class InterventionForm(forms.Form):
    """What an editor fills in; the service validates and explains what is wrong."""

    name = forms.CharField(label=_("Name"), max_length=200)
    name_en = forms.CharField(label=_("Name in English"), max_length=200, required=False)
    unit = forms.TypedChoiceField(label=_("Unit"), required=False, coerce=int, empty_value=None)
    summary = forms.CharField(
        label=_("Description for families"),
        widget=forms.Textarea,
        help_text=_("Plain Swedish: what it is, for whom, what happens. Short sentences."),
    )
    summary_en = forms.CharField(label=_("Description for families in English"), widget=forms.Textarea, required=False)
    professional_description = forms.CharField(
        label=_("Description for professionals"), widget=forms.Textarea, required=False
    )
    needs = forms.MultipleChoiceField(label=_("Needs it meets"), required=False, widget=forms.CheckboxSelectMultiple)
    age_min = forms.IntegerField(label=_("From age"), min_value=0, max_value=25, initial=0)
    age_max = forms.IntegerField(label=_("To age"), min_value=0, max_value=25, initial=20)
    access_route = forms.ChoiceField(label=_("How to get it"), choices=AccessRoute.choices)
    how_to_get = forms.CharField(
        label=_("How to get it, in words"),
        widget=forms.Textarea,
        required=False,
        help_text=_("Who to call, how to book, where to send an application."),
    )
    how_to_get_en = forms.CharField(label=_("How to get it, in English"), widget=forms.Textarea, required=False)
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=200, required=False)
    cost = forms.CharField(label=_("Cost to the family"), max_length=200, required=False)
    waiting_time = forms.CharField(label=_("Current waiting time"), max_length=100, required=False)
    capacity = forms.CharField(label=_("Capacity"), max_length=200, required=False)
    where_and_when = forms.CharField(label=_("Where and when"), max_length=300, required=False)
    contact = forms.CharField(label=_("Contact"), max_length=300, required=False)
    languages = forms.MultipleChoiceField(
        label=_("Languages"), required=False, widget=forms.CheckboxSelectMultiple, choices=_language_choices
    )
    published = forms.BooleanField(label=_("Published in the public catalogue"), required=False)
    active = forms.BooleanField(label=_("Offered now"), required=False, initial=True)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, units=(), needs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {unit.pk: unit for unit in units}
        self.needs = {tag.slug: tag for tag in needs}
        self.fields["unit"].choices = [("", _("The whole agency"))] + [(u.pk, u.name) for u in units]
        self.fields["needs"].choices = [(tag.slug, tag.label) for tag in needs]

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data["unit"] = self.units.get(data["unit"]) if data.get("unit") else None
        data["needs"] = [self.needs[slug] for slug in data.get("needs", [])]
        return data


class AgencyChoiceForm(forms.Form):
    agency = forms.TypedChoiceField(label=_("Agency"), coerce=int)

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [(a.pk, str(a)) for a in agencies]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or Excel)"),
        help_text=_("The same columns as the export. Every row is checked; if one is wrong, nothing is imported."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is too large (at most 5 MB)."))
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Choose a .csv or .xlsx file."))
        return upload


class ProfileForm(forms.Form):
    mission = forms.CharField(label=_("Mission"), widget=forms.Textarea)
    mission_en = forms.CharField(label=_("Mission in English"), widget=forms.Textarea, required=False)
    laws = forms.CharField(label=_("Laws it works under"), widget=forms.Textarea, required=False)
    can_decide = forms.CharField(label=_("What it can decide"), widget=forms.Textarea, required=False)
    cannot_decide = forms.CharField(label=_("What it cannot decide"), widget=forms.Textarea, required=False)
    sip_contact = forms.CharField(label=_("How to reach it for a SIP"), widget=forms.Textarea, required=False)
    consultation_contact = forms.CharField(
        label=_("How to reach it for a consultation"), widget=forms.Textarea, required=False
    )
    public_contact = forms.CharField(label=_("How families reach it"), widget=forms.Textarea, required=False)
    forum_seats = forms.CharField(
        label=_("Who represents it in which forum"),
        widget=forms.Textarea,
        required=False,
        help_text=_(
            "One forum per line: forum – represented by (for example: BUS-gruppen – Enhetschef, Maria Lindén)."
        ),
    )

    def values(self) -> tuple[dict, list[tuple[str, str]]]:
        data = {field: self.cleaned_data.get(field, "") for field in PROFILE_FIELDS}
        seats = []
        for line in self.cleaned_data.get("forum_seats", "").splitlines():
            if line.strip():
                forum, _sep, representative = line.replace("—", "–").partition("–")
                if not _sep:
                    forum, _sep, representative = line.partition(" - ")
                seats.append((forum, representative))
        return data, seats


class SuggestForm(forms.Form):
    behov = forms.MultipleChoiceField(
        label=_("The child's needs"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one need.")},
    )

    def __init__(self, *args, needs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["behov"].choices = [(tag.slug, tag.label) for tag in needs]
