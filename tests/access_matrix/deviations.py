"""Rows of the access matrix for deviations.

Kim reports a deviation naming Elin, involving the school and BUP. It belongs to the school's
domain: Kim (reporter), Mona (assigned), Rita (the unit's manager, who handles it) and Tor after
breaking the glass see it with Elin's name. Berit sits in a forum that has it on its agenda: she
reads it without the name. The steps of handling are POSTs (a GET answers 405).
"""

import datetime as dt

from django.utils import timezone

from lots.deviations import services
from lots.deviations.models import Kind
from lots.organisations.actor import Actor
from tests.access_matrix.rows import EVERYONE, Row

SEES_DEVIATION = frozenset({"kim", "mona", "rita", "tor!", "berit"})
NAMES_ELIN = frozenset({"kim", "mona", "rita", "tor!"})
POST_ONLY: frozenset[str] = frozenset()


def _deviation(w, f):
    return [f["deviation"].pk]


MATRIX = {
    "deviations:list": Row(lambda w, f: [], EVERYONE),
    "deviations:new": Row(lambda w, f: [], EVERYONE),
    "deviations:detail": Row(_deviation, SEES_DEVIATION, shows=lambda w: w.elin.full_name, sees=NAMES_ELIN),
    "deviations:confirm": Row(_deviation, POST_ONLY, denied_status=405),
    "deviations:dismiss": Row(_deviation, POST_ONLY, denied_status=405),
    "deviations:analysis": Row(_deviation, POST_ONLY, denied_status=405),
    "deviations:close": Row(_deviation, POST_ONLY, denied_status=405),
    "deviations:reopen": Row(_deviation, POST_ONLY, denied_status=405),
}


def fixtures(world) -> dict:
    kim = Actor(user=world.kim, membership=world.membership(world.kim))
    deviation = services.report_deviation(
        actor=kim,
        kind=Kind.MISSED_SIP,
        happened_on=timezone.localdate() - dt.timedelta(days=1),
        description="BUP uteblev från SIP-mötet.",
        agencies=[world.school, world.bup],
        child=world.elin,
    )
    return {"deviation": deviation}
