from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

register = template.Library()


@register.simple_tag
def agency_link(agency, label=""):
    """The agency's name, linked to its profile (mission, laws, what it may decide, contacts)."""
    if agency is None:
        return ""
    name = str(label) if label else agency.name
    return format_html(
        '<a href="{}" class="agency-link">{}</a>', reverse("catalogue:public_agency", args=[agency.pk]), name
    )


ROUTE_TAGS = {
    "free": ("tag--ok", _("No application needed")),
    "school": ("tag--info", _("Through the school")),
    "referral": ("tag--info", _("Needs a referral")),
    "sip": ("tag--info", _("Agreed at a SIP")),
    "sol_decision": ("tag--warn", _("Needs an application")),
    "lss_application": ("tag--warn", _("Needs an application")),
}


@register.simple_tag
def route_tag(entry):
    """In a word, what it takes to get the intervention: the first thing a parent wants to know."""
    css, label = ROUTE_TAGS.get(entry.access_route, ROUTE_TAGS["sol_decision"])
    return format_html('<span class="tag {}">{}</span>', css, label)
