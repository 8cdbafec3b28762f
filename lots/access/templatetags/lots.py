"""The `lots` template library: a person's fields as this viewer may see them (`shown`,
`placing`). It lives with the access policy, which decides what is withheld."""

from django import template
from django.utils.html import format_html

from lots.access.presentation import Withheld

register = template.Library()


@register.filter
def shown(value, empty="–"):
    """A field as the viewer may see it: withheld values are marked, empty ones shown as a dash."""
    if isinstance(value, Withheld):
        return format_html('<span class="protected">{}</span>', str(value))
    if value in (None, ""):
        return empty
    return value


@register.filter
def placing(name, person):
    """A unit's or an agency's name beside a person, as `PersonView.place` lets this viewer see it
    (`{{ unit.name|placing:child|shown }}`). Beside no person (a report not yet linked to a
    child), the name as it is."""
    return name if person is None else person.place(name)


@register.filter
def placing_agency(agency, person):
    """An agency beside a person as `PersonView.place_agency` lets this viewer see it."""
    return (agency.name if agency else "") if person is None else person.place_agency(agency)
