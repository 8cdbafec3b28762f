from django import template
from django.utils.html import format_html, format_html_join

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


@register.simple_tag
def choice_input(choice):
    """One checkbox or radio button of a choice field, as Django's input widget template writes
    it, written here instead: a template per input made the catalogue's twenty needs on the
    child's page cost 2.7 ms."""
    widget = choice.data
    value = "" if widget["value"] is None else format_html(' value="{}"', widget["value"])
    attrs = format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if attr is True else format_html(' {}="{}"', name, attr),)
            for name, attr in widget["attrs"].items()
            if attr is not False
        ),
    )
    return format_html('<input type="{}" name="{}"{}{}>', widget["type"], widget["name"], value, attrs)
