from lots.access import selectors


def consents_panel(request, actor, child_view):
    consents = selectors.consents_for_child(actor, child_view.pk)
    return "access/_consents_panel.html", {"consents": consents}
