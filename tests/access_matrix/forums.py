"""Rows of the access matrix for forums.

Forums are not person data: staff of the region's principals see the list and a forum's page.
Only managers (here Rita) convene one. A meeting is for the forum's members (Rita chairs, Berit is
a member): its agenda names Elin, whose name only Rita may see, and has Kim's deviation, which
the members may then open (deviations.py). Changes are POSTs (a GET answers 405).
"""

import datetime as dt

from django.utils import timezone

from lots.forums import services
from lots.forums.models import ForumKind
from lots.organisations.actor import Actor
from tests.access_matrix.rows import EVERYONE, Row

MEMBERS = frozenset({"rita", "berit"})
POST_ONLY: frozenset[str] = frozenset()


def _forum(w, f):
    return [f["forum"].pk]


def _meeting(w, f):
    return [f["forum_meeting"].pk]


MATRIX = {
    "forums:list": Row(lambda w, f: [], EVERYONE),
    "forums:new": Row(lambda w, f: [], frozenset({"rita"})),
    "forums:detail": Row(_forum, EVERYONE),
    "forums:member_add": Row(_forum, POST_ONLY, denied_status=405),
    "forums:member_remove": Row(lambda w, f: [f["forum"].members.first().pk], POST_ONLY, denied_status=405),
    "forums:meeting_new": Row(_forum, POST_ONLY, denied_status=405),
    "forums:meeting": Row(_meeting, MEMBERS, shows=lambda w: w.elin.full_name, sees=frozenset({"rita"})),
    "forums:meeting_ics": Row(_meeting, MEMBERS),
    "forums:agenda_add": Row(_meeting, POST_ONLY, denied_status=405),
    "forums:minutes": Row(_meeting, POST_ONLY, denied_status=405),
    "forums:decision_add": Row(_meeting, POST_ONLY, denied_status=405),
    "forums:action_add": Row(_meeting, POST_ONLY, denied_status=405),
    "forums:action_follow_up": Row(lambda w, f: [f["forum_meeting"].pk, 1], POST_ONLY, denied_status=405),
    "forums:raise": Row(lambda w, f: [f["deviation"].pk], frozenset({"kim", "mona", "rita", "tor!", "berit"})),
}


def fixtures(world) -> dict:
    from tests.access_matrix.deviations import fixtures as deviation_fixtures

    rita = Actor(user=world.rita, membership=world.membership(world.rita))
    forum = services.create_forum(actor=rita, name="BUS Testby", kind=ForumKind.BUS)
    services.add_member(actor=rita, forum=forum, user=world.berit)
    start = timezone.now() + dt.timedelta(days=5)
    meeting = services.schedule_meeting(
        actor=rita, forum=forum, starts_at=start, ends_at=start + dt.timedelta(hours=2), place="Skolan"
    )
    deviation = deviation_fixtures(world)["deviation"]
    services.add_agenda_item(actor=rita, meeting=meeting, title="Ett ärende", child=world.elin)
    services.add_agenda_item(actor=rita, meeting=meeting, title="Avvikelse", deviation_id=deviation.pk)
    return {"forum": forum, "forum_meeting": meeting, "deviation": deviation}
