"""The forums' named people, beside the shared world:

- Stig sits in the region's steering group and chairs the steering group forum "Styrgruppen BUS",
  where Rita (rektor) and Lena (head of BUP) are members.
"""

import datetime as dt

import pytest
from django.utils import timezone

from lots.deviations.tests import conftest as deviation_people
from lots.forums.models import Forum, ForumKind, Meeting, Member

lena = deviation_people.lena
stig = deviation_people.stig


@pytest.fixture
def steering(world, stig, lena):
    forum = Forum.objects.create(
        name="Styrgruppen BUS",
        kind=ForumKind.STEERING_GROUP,
        principal=world.bup.principal,
        chair=stig,
        schedule="Två gånger per termin",
    )
    Member.objects.create(forum=forum, user=stig, agency=world.bup, role_text="Ordförande")
    Member.objects.create(forum=forum, user=world.rita, agency=world.school, role_text="Rektor")
    Member.objects.create(forum=forum, user=lena, agency=world.bup, role_text="Verksamhetschef BUP")
    return forum


def meeting_of(forum, *, days: int, chair) -> Meeting:
    start = timezone.now() + dt.timedelta(days=days)
    return Meeting.objects.create(
        forum=forum, starts_at=start, ends_at=start + dt.timedelta(hours=2), place="Regionhuset", called_by=chair
    )
