from lots.intake import selectors
from lots.intake.policies import is_reception


def concern_reports_panel(request, actor, child_view):
    """On the child's page, for reception and social workers who work on the child's reports."""
    if actor.membership is None or actor.agency_kind != "social_services":
        return None
    reports = selectors.reports_about_child(actor, child_view.pk)
    if not reports and not is_reception(actor):
        return None
    return "intake/_reports_panel.html", {"reports": reports}
