"""The families step on a small data set: each municipality's team coordinates about one child in
a thousand's family, on consents the policy accepts; the coordinator opens the family's page
through the families app's own selectors, with its contact map of thirteen contacts."""

import datetime as dt

import pytest
import time_machine

import scale
from lots.access import policy
from lots.families.models import Contact, Engagement, EngagementStatus, Referral, ReferralStatus
from lots.families.policies import ENGAGEMENT_GROUND
from lots.families.selectors.engagements import engagement_page
from lots.organisations.models import Unit
from scale.sink import Progress
from scale.tests.test_apps import _actor

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 10, 14, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def built():
    with time_machine.travel(NOW, tick=False):
        yield scale.build(children=2000, seed=11, now=NOW, progress=Progress(enabled=False))


def test_each_municipality_has_a_team_whose_coordinators_open_their_families(built):
    teams = Unit.objects.filter(kind=Unit.Kind.FAMILY_COORDINATION)
    assert teams.count() == len(built.shared["municipalities"])
    engagements = Engagement.objects.filter(status=EngagementStatus.ACTIVE)
    assert engagements.exists()
    statuses = set(Referral.objects.values_list("status", flat=True))
    assert ReferralStatus.STARTED in statuses and len(statuses) > 1
    engagement = engagements.first()
    assert Contact.objects.filter(engagement=engagement).count() == 13
    with time_machine.travel(NOW, tick=False):
        coordinator = _actor(engagement.coordinator_id)
        assert policy.can(coordinator, "view", engagement.child) == ENGAGEMENT_GROUND
        page = engagement_page(coordinator, engagement.pk)
    assert sum(len(row.contacts) for row in page.members) == 13
    assert page.agencies == 4  # school, social services, care; BUP, habilitation and primary care are one agency
