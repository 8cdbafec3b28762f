from lots.routines import selectors


def journeys_panel(request, actor, child_view):
    """On the child's page: where the child is in each routine (journeys the viewer may see)."""
    if actor.membership is None:
        return None
    journeys, can_start = selectors.child_panel(actor, child_view.pk)
    if not journeys and not can_start:
        return None
    return "routines/_child_panel.html", {"journeys": journeys, "can_start": can_start}
