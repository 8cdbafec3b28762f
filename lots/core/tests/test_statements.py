"""The policy's long statements are parsed by psycopg once, not on every read (lots.core.statements)."""

import pytest
from django.db import connection
from psycopg import _queries

from lots.access import policy
from lots.people.models import Child
from lots.plans.models import Sip

pytestmark = pytest.mark.django_db


def test_the_limits_are_raised_where_psycopg_reads_them():
    assert _queries.MAX_CACHED_STATEMENT_LENGTH >= 65_536
    assert _queries.MAX_CACHED_STATEMENT_PARAMS >= 1_000


@pytest.mark.skipif(connection.vendor != "postgresql", reason="psycopg parses statements for PostgreSQL only")
def test_a_policy_read_longer_than_psycopgs_default_limits_is_parsed_once(world):
    """A child's SIPs through the policy is longer than 4 096 characters with over 50 parameters."""
    actor = world.actor(world.kim)
    child = Child.objects.first()
    queryset = policy.with_grounds(actor, Sip.objects.filter(child=child))
    sql, params = queryset.query.get_compiler(connection=connection).as_sql()
    assert len(sql) > 4096 and len(params) > 50  # beyond psycopg's own limits
    list(queryset)
    parsed = _queries._query2pg.cache_info()
    list(policy.with_grounds(actor, Sip.objects.filter(child=child)))
    again = _queries._query2pg.cache_info()
    assert again.hits == parsed.hits + 1 and again.misses == parsed.misses
