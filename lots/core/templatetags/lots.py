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
