"""Choosing a child in a form: a search among every child the person may choose, not a capped
list. Works without JavaScript: the person types a name or identity number in the search field
and sends the form; one match is chosen, several come back as a choice (the form keeps what was
typed), none says so.

A form with a `child` field calls `install(form, matches)` in its __init__; the view reads the
matches with `children.selectors.choosable_children` from what was typed (`search_text`)."""

from __future__ import annotations

from django import forms
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from lots.access.presentation import PersonView
from lots.children import selectors
from lots.organisations.actor import Actor

SEARCH_FIELD = "child_search"
#: The button beside the search field: search, do not send the form.
FIND_BUTTON = "find_child"


def search_text(data) -> str:
    return ((data or {}).get(SEARCH_FIELD) or "").strip()


def choosable(actor: Actor, request, *, chosen: str = "") -> list[PersonView]:
    """The children the form offers: those matching what was typed in its search, and the one
    chosen (sent with the form, or given by the page that links to it)."""
    if actor.membership is None:
        return []
    data = request.POST if request.method == "POST" else {}
    return selectors.choosable_children(actor, search_text(data), chosen=data.get("child", "") or chosen)


def install(form: forms.Form, matches, *, empty_label) -> None:
    """The search field before `child`, and `child` as a choice among the matches."""
    child = form.fields["child"]
    child.choices = [("", empty_label)] + [
        (str(c.pk), f"{c.last_name}, {c.first_name}") for c in matches if not c.name_hidden
    ]
    child.widget = forms.RadioSelect(choices=child.choices) if len(child.choices) > 1 else forms.HiddenInput()
    search = forms.CharField(
        label=_("The child's name or identity number"),
        help_text=_("Among the children you work with: type and search, then choose."),
        max_length=100,
        required=False,
    )
    search.widget.attrs.update({"type": "search", "autocomplete": "off"})
    fields = {}
    for name, field in form.fields.items():
        if name == "child":
            fields[SEARCH_FIELD] = search
        fields[name] = field
    form.fields = fields


def searching(form: forms.Form) -> bool:
    """The search button was pressed: the view shows the form again and sends nothing."""
    return FIND_BUTTON in form.data


def clean(form: forms.Form, data: dict) -> dict:
    """A search without a choice: its one match is the child; several or none are an error.
    After the search button (`searching`), no field is judged yet: the form comes back with what
    was typed and the matches to choose among."""
    if searching(form):
        form._errors = ErrorDict()
        return data
    if data.get("child") or not data.get(SEARCH_FIELD):
        return data
    found = [value for value, _label in form.fields["child"].choices if value]
    if len(found) == 1:
        data["child"] = found[0]
    elif found:
        form.add_error("child", _("Several children match the search: choose one."))
    else:
        form.add_error(SEARCH_FIELD, _("No child you work with matches the search."))
    return data
