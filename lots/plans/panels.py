"""The section on the child's page: the child's SIPs this viewer may see, and "Begär SIP"."""

from lots.plans import selectors


def sips_panel(request, actor, child_view):
    rows, may_request = selectors.child_panel(actor, child_view)
    return "plans/_panel.html", {"rows": rows, "may_request": may_request}
