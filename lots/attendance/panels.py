from lots.attendance import chart, selectors


def absence_panel(request, actor, child_view):
    """On the child's page, for school staff who may see the pupil's absence."""
    found = selectors.child_absence(actor, child_view.pk)
    if found is None:
        return None
    return "attendance/_panel.html", {"absence": found, "chart": chart.draw(found.weeks, found.thresholds)}
