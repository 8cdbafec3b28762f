from lots.catalogue import selectors
from lots.catalogue.forms import SuggestForm


def suggestions_panel(request, actor, child_view):
    """A small form on the child's page: pick needs, get interventions that fit."""
    return "catalogue/_suggest_panel.html", {"suggest_form": SuggestForm(needs=selectors.need_tags())}
