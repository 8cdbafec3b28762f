from lots.access import policy
from lots.families.selectors import engagements as selectors
from lots.families.selectors.engagements import ENGAGEMENT_GROUND


def family_panel(request, actor, child_view):
    """On the child's page: the family coordination naming the child, and the network map."""
    if actor.membership is None:
        return None
    engagements = selectors.child_engagements(actor, child_view.pk)
    rows = [(e, policy.ground_of(e) == ENGAGEMENT_GROUND) for e in engagements]
    return "families/_child_panel.html", {"rows": rows, "coordinates": any(mine for _e, mine in rows)}
