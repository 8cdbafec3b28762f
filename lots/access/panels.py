from lots.access import assignment_selectors, selectors


def consents_panel(request, actor, child_view):
    consents = selectors.consents_for_child(actor, child_view.pk)
    return "access/_consents_panel.html", {"consents": consents}


def assignments_panel(request, actor, child_view):
    found = assignment_selectors.child_assignments(actor, child_view.pk)
    if not (found.current or found.earlier or found.manages):
        return None
    return "access/_assignments_panel.html", {"assignments": found, "manages": found.manages}
