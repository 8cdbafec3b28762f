"""The `choices` template library: form inputs written without a template per input."""

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()


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
