from django import template

from lots.routines import flowchart

register = template.Library()


@register.filter
def deadline(step) -> str:
    return flowchart.deadline_text(step)


@register.filter
def get_item(mapping, key):
    return mapping.get(key)
