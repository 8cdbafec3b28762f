"""The Server-Timing header exists for benchmarks only and changes nothing else."""

import pytest
from django.core.exceptions import MiddlewareNotUsed
from django.http import HttpResponse
from django.urls import reverse

from lots.core.middleware import ServerTimingMiddleware

pytestmark = pytest.mark.django_db


def test_off_by_default_so_django_drops_it(settings):
    settings.LOTS_SERVER_TIMING = False
    with pytest.raises(MiddlewareNotUsed):
        ServerTimingMiddleware(lambda request: HttpResponse())


def test_on_it_reports_time_database_time_and_queries_and_the_policy_still_holds(settings, world, signed_in):
    settings.LOTS_SERVER_TIMING = True
    client = signed_in(world.kim)
    response = client.get(reverse("people:child", args=[world.elin.pk]))
    assert response.status_code == 200
    header = response["Server-Timing"]
    assert header.startswith("app;dur=") and "cpu;dur=" in header and "db;dur=" in header and 'queries;desc="' in header
    assert signed_in(world.tor).get(reverse("people:child", args=[world.elin.pk])).status_code == 404
