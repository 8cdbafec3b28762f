"""The API's rate limit is counted once for all processes: gunicorn's workers and every app
server share the cache (LOTS_CACHE_URL; by default a table in the database)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

ONE_CALL = """
from rest_framework.request import Request
from django.test import RequestFactory
from lots.api.throttling import ClientRateThrottle
request = Request(RequestFactory().get("/api/v1/interventions/", REMOTE_ADDR="192.0.2.7"))
print("allowed" if ClientRateThrottle().allow_request(request, None) else "refused")
"""


def _process(env: dict, *args: str) -> str:
    done = subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


REDIS_URL = os.environ.get("LOTS_TEST_REDIS_URL", "redis://localhost:6379/15")


def _redis_answers() -> bool:
    import redis

    try:
        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
        client.flushdb()  # the tests' own database number: counts from an earlier run start over
        return True
    except redis.ConnectionError:
        return False


@pytest.mark.parametrize("cache", ["db", "redis"])
def test_two_processes_count_the_same_client_together(tmp_path, cache):
    env = {k: v for k, v in os.environ.items() if k not in ("LOTS_CACHE_URL", "DATABASE_URL")}
    env |= {"LOTS_VAR_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    env |= {"LOTS_API_RATE": "1/min"}
    if cache == "redis":
        if not _redis_answers():
            pytest.skip(f"no Redis answers at {REDIS_URL}")
        env["LOTS_CACHE_URL"] = REDIS_URL
    else:
        _process(env, "createcachetable")
    first = _process(env, "shell", "-c", ONE_CALL)
    second = _process(env, "shell", "-c", ONE_CALL)
    assert (first, second) == ("allowed", "refused"), "the second process must see the first one's call"


def test_a_cache_address_lots_does_not_know_is_refused_at_start():
    from lots.conf import cache_from_url

    assert cache_from_url("redis://localhost:6379/0")["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    with pytest.raises(RuntimeError, match="LOTS_CACHE_URL must be"):
        cache_from_url("memcached://localhost:11211")


def test_the_default_cache_is_the_database_table(settings):
    assert settings.CACHES["default"] == {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "lots_cache",
    }


@pytest.mark.django_db
def test_refused_calls_count_too(world, client, bearer, settings):
    """Each call is counted when it is let through, before the view's transaction, so a call
    that ends in an error (whose transaction is rolled back) still counts: probing for records
    one 404 at a time is slowed like any other calls."""
    settings.LOTS_API_RATE = "2/min"
    made = bearer(world.kim)
    headers = {"HTTP_AUTHORIZATION": made["HTTP_AUTHORIZATION"]}
    statuses = [client.get(f"/api/v1/children/{10**6 + n}/", **headers).status_code for n in range(3)]
    assert statuses == [404, 404, 429]
