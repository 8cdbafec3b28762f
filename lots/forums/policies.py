"""How the access policy judges the forums' records.

Forums, their members, meetings, decisions and action items are not person data: a forum
discusses cases without names. They are open to the forum's current members and its chair
(`is_member`), and the forum list to the staff of the principals that share a steering group.

Two records touch person data, and the policy judges them:

- an agenda item that names a child belongs to the agency of the member who raised it; members
  see the item (`member` ground) and the child's name only where the policy lets them see the
  child (`people.selectors.children_as_seen`);
- a deviation on a forum's agenda is opened to the forum's members (`forum` ground on
  `deviations.Deviation`): they read its text; its child's name again only under a ground of
  their own.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from lots.access import policy
from lots.access.policy import ExtraGround, RecordPolicy
from lots.deviations.models import Deviation
from lots.forums.models import AgendaItem, Forum, Member
from lots.organisations.actor import Actor

MEMBER = "member"
FORUM = "forum"


def _current_members(actor: Actor):
    return Member.objects.filter(user_id=actor.user.pk, left_on__isnull=True)


def is_member(actor: Actor, forum: Forum) -> bool:
    return forum.chair_id == actor.user.pk or _current_members(actor).filter(forum_id=forum.pk).exists()


def is_chair(actor: Actor, forum: Forum) -> bool:
    return forum.chair_id == actor.user.pk


def _member_of_item(actor: Actor) -> Q | None:
    mine = _current_members(actor).filter(forum_id=OuterRef("meeting__forum_id"))
    return Q(Exists(mine)) | Q(meeting__forum__chair_id=actor.user.pk)


def _deviation_on_agenda(actor: Actor) -> Q | None:
    forums = Forum.objects.filter(
        Q(chair_id=actor.user.pk) | Q(pk__in=_current_members(actor).values("forum_id"))
    ).values("pk")
    items = AgendaItem.objects.filter(deviation_id=OuterRef("pk"), meeting__forum_id__in=forums)
    return Q(Exists(items))


policy.register(
    AgendaItem,
    RecordPolicy(child="child", domain="agency", extra_grounds=[ExtraGround(kind=MEMBER, condition=_member_of_item)]),
)
policy.add_ground(Deviation, ExtraGround(kind=FORUM, condition=_deviation_on_agenda))
