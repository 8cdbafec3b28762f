from lots.deviations import selectors


def deviations_panel(request, actor, child_view):
    """On the child's page: deviations that name the child and that this viewer may see."""
    if actor.membership is None:
        return None
    deviations = selectors.about_child(actor, child_view.pk)
    if not deviations:
        return None
    return "deviations/_child_panel.html", {"deviations": deviations}
