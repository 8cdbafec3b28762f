"""kill -9 of the server in the middle of a stream of writes leaves the database consistent.

A real gunicorn on a loopback port and a database of its own (SQLite file, or a fresh PostgreSQL
database when the suite runs on PostgreSQL). Four clients record consents as fast as they can;
once fifteen have been acknowledged, the whole server is killed with SIGKILL while writes are in
flight. After a restart: every acknowledged consent is there, no consent is half-written (each
has its agencies, its guardians and its one audit row, and no audit row names a consent that is
not there), the access log's chain verifies, SQLite's integrity check passes, and the restarted
server takes new writes.
"""

import os
import sqlite3
import threading
import time

import psycopg
import pytest
import requests
from django.conf import settings
from django.db import connection

from lots.security.tests.crash import PASSWORD, SEED, Server, record_consent, signed_in_session

CLIENTS = 4
KILL_AFTER = 15


@pytest.fixture
def crash_env(tmp_path):
    # DEBUG=1 only so that pages render without a collectstatic run (20 s on a busy machine);
    # it changes nothing in how requests are committed or rolled back.
    env = {**os.environ, "LOTS_VAR_DIR": str(tmp_path), "DEBUG": "1", "LOTS_DEMO": "0"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    if connection.vendor == "postgresql":
        db = settings.DATABASES["default"]
        name = f"lots_crash_{os.getpid()}"
        admin = psycopg.connect(
            host=db["HOST"] or "localhost",
            port=db["PORT"] or 5432,
            user=db["USER"],
            password=db["PASSWORD"] or None,
            dbname="postgres",
            autocommit=True,
        )
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
        auth = f"{db['USER']}:{db['PASSWORD']}@" if db["PASSWORD"] else f"{db['USER']}@"
        env["DATABASE_URL"] = f"postgres://{auth}{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{name}"
        yield env
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
    else:
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'lots.sqlite3'}"
        yield env


def rows(env, sql: str) -> list:
    """The first column of every row, read straight from the crashed server's database."""
    url = env["DATABASE_URL"]
    if url.startswith("sqlite"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
            return [row[0] for row in db.execute(sql).fetchall()]
    with psycopg.connect(url) as db:
        return [row[0] for row in db.execute(sql).fetchall()]


def count(env, sql: str) -> int:
    return rows(env, sql)[0]


def test_kill_9_during_writes_leaves_the_database_consistent(crash_env, tmp_path):
    began = time.monotonic()
    server = Server(crash_env, tmp_path / "server.log")
    server.manage("migrate", "--noinput", "-v0")
    child, school, bup, *guardians = server.manage("shell", "-v0", "-c", SEED.format(password=PASSWORD)).split()
    seeded = {"child": child, "school": school, "bup": bup, "guardians": guardians}
    server.start()

    acknowledged: list[int] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()

    def write():
        session = signed_in_session(server.url)
        while not stop.is_set():
            try:
                consent = record_consent(session, server.url, seeded)
            except requests.RequestException as error:  # the server died under us
                errors.append(type(error).__name__)
                return
            with lock:
                acknowledged.append(consent)

    threads = [threading.Thread(target=write) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 90  # only reached on a very slow machine
    while len(acknowledged) < KILL_AFTER and time.monotonic() < deadline and any(t.is_alive() for t in threads):
        time.sleep(0.01)
    server.kill()
    killed_at = len(acknowledged)
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    assert killed_at >= KILL_AFTER, f"only {killed_at} writes before the deadline; see {server.log}"
    assert errors, "the clients saw the server die mid-stream"

    # After the crash, before any restart: what is on disk.
    on_disk = set(rows(crash_env, "SELECT id FROM access_consent"))
    consents = len(on_disk)
    assert set(acknowledged) <= on_disk, "every acknowledged write survived"
    for part in ("access_consentagency", "access_consentparty"):
        per_consent = rows(
            crash_env,
            f"SELECT (SELECT count(*) FROM {part} x WHERE x.consent_id = c.id) FROM access_consent c",  # noqa: S608
        )
        assert set(per_consent) == {2}, f"no consent is half-written ({part})"
    logged = count(
        crash_env, "SELECT count(*) FROM audit_auditentry WHERE record_type = 'access.consent' AND action = 'create'"
    )
    assert logged == consents, "one audit row per consent, none for a consent that is not there"
    assert count(crash_env, "SELECT count(*) FROM security_idempotencykey WHERE result = ''") == 0
    if crash_env["DATABASE_URL"].startswith("sqlite"):
        with sqlite3.connect(crash_env["DATABASE_URL"].removeprefix("sqlite:///")) as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    # Restarted, it takes writes again.
    server.start()
    try:
        assert record_consent(signed_in_session(server.url), server.url, seeded) > consents
    finally:
        server.stop()
    assert "The access log is whole" in server.manage("verify_audit_log"), "before and after the crash"
    print(
        f"CRASH {connection.vendor}: {killed_at} acknowledged before kill -9, {len(acknowledged)} in all, "
        f"{consents} consents on disk ({consents - len(acknowledged)} written but unacknowledged), "
        f"{len(errors)} clients cut off, {time.monotonic() - began:.1f} s"
    )
