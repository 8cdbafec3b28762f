"""kill -9 of the server in the middle of a stream of writes leaves the database consistent.

A real gunicorn on a loopback port and a database of its own (SQLite file, or a fresh PostgreSQL
database when the suite runs on PostgreSQL). Four clients write as fast as they can — consents in
one test, SIP requests in the other; once fifteen writes have been acknowledged, the whole server
is killed with SIGKILL while writes are in flight. After a restart: every acknowledged record is
there, none is half-written (each has all its parts and its one audit row, and no audit row names
a record that is not there), the access log's chain verifies, SQLite's integrity check passes, and
the restarted server takes new writes.
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

from lots.security.tests.crash import (
    AUTHENTICATORS,
    PASSWORD,
    PUPILS_PER_FILE,
    SEED,
    Server,
    import_pupils,
    record_consent,
    request_sip,
    signed_in_session,
)

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


def crash_mid_stream(env, tmp_path, write, username="kurator") -> tuple[Server, dict, list[int], int]:
    """Seed, serve, have CLIENTS clients `write` until KILL_AFTER are acknowledged, kill -9."""
    server = Server(env, tmp_path / "server.log")
    server.manage("migrate", "--noinput", "-v0")
    child, school, bup, *guardians = server.manage(
        "shell", "-v0", "-c", SEED.format(password=PASSWORD, authenticators=AUTHENTICATORS)
    ).split()
    seeded = {"child": child, "school": school, "bup": bup, "guardians": guardians}
    server.start()

    acknowledged: list[int] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()

    def client():
        try:
            session = signed_in_session(server.url, username)
            while not stop.is_set():
                made = write(session, server.url, seeded)
                with lock:
                    acknowledged.append(made)
        except requests.RequestException as error:  # the server died under us
            errors.append(type(error).__name__)

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
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
    return server, seeded, acknowledged, killed_at


def assert_whole(env, table: str, parts: dict[str, int], record_type: str, acknowledged: list[int]) -> int:
    """Every acknowledged row of `table` on disk, each with all its `parts` (table: rows per
    record) and one audit `create` row; the store itself intact. Returns the rows on disk."""
    on_disk = set(rows(env, f"SELECT id FROM {table}"))  # noqa: S608 - fixed names
    assert set(acknowledged) <= on_disk, "every acknowledged write survived"
    for part, (column, expected) in parts.items():
        per_record = rows(env, f"SELECT (SELECT count(*) FROM {part} x WHERE x.{column} = r.id) FROM {table} r")  # noqa: S608
        assert set(per_record) == {expected}, f"nothing is half-written ({part})"
    logged = count(
        env,
        f"SELECT count(*) FROM audit_auditentry WHERE record_type = '{record_type}' AND action = 'create'",  # noqa: S608
    )
    assert logged == len(on_disk), "one audit row per record, none for a record that is not there"
    if env["DATABASE_URL"].startswith("sqlite"):
        with sqlite3.connect(env["DATABASE_URL"].removeprefix("sqlite:///")) as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    return len(on_disk)


def restart_and_verify(server: Server, write, seeded: dict, written: int, username="kurator") -> None:
    server.start()
    try:
        assert write(signed_in_session(server.url, username), server.url, seeded) > written
    finally:
        server.stop()
    assert "The access log is whole" in server.manage("verify_audit_log"), "before and after the crash"


def test_kill_9_during_consent_writes_leaves_the_database_consistent(crash_env, tmp_path):
    began = time.monotonic()
    server, seeded, acknowledged, killed_at = crash_mid_stream(crash_env, tmp_path, record_consent)
    consents = assert_whole(
        crash_env,
        "access_consent",
        {"access_consentagency": ("consent_id", 2), "access_consentparty": ("consent_id", 2)},
        "access.consent",
        acknowledged,
    )
    assert count(crash_env, "SELECT count(*) FROM core_submissionkey WHERE result = ''") == 0
    restart_and_verify(server, record_consent, seeded, consents)
    print(
        f"CRASH consents {connection.vendor}: {killed_at} acknowledged before kill -9, {len(acknowledged)} in all, "
        f"{consents} on disk, {time.monotonic() - began:.1f} s"
    )


def test_kill_9_during_sip_saves_leaves_the_database_consistent(crash_env, tmp_path):
    began = time.monotonic()
    server, seeded, acknowledged, killed_at = crash_mid_stream(crash_env, tmp_path, request_sip)
    sips = assert_whole(
        crash_env,
        "plans_sip",
        {"plans_sipparticipant": ("sip_id", 1), "plans_sipevent": ("sip_id", 1)},
        "plans.sip",
        acknowledged,
    )
    restart_and_verify(server, request_sip, seeded, sips)
    print(
        f"CRASH SIPs {connection.vendor}: {killed_at} acknowledged before kill -9, {len(acknowledged)} in all, "
        f"{sips} on disk, {time.monotonic() - began:.1f} s"
    )


def test_kill_9_during_imports_leaves_no_half_imported_file(crash_env, tmp_path):
    """Each upload imports 40 pupils (the guardian column is not read), all or nothing: after the
    crash every pupil on disk belongs to an import recorded as done, and no import is half there."""
    began = time.monotonic()
    server, seeded, acknowledged, killed_at = crash_mid_stream(crash_env, tmp_path, import_pupils, "rektor")
    done = set(rows(crash_env, "SELECT id FROM interop_childimport WHERE status = 'done' AND NOT dry_run"))
    assert set(acknowledged) <= done, "every acknowledged import survived"
    created = rows(crash_env, "SELECT created FROM interop_childimport WHERE status = 'done' AND NOT dry_run")
    assert set(created) == {PUPILS_PER_FILE}, "each import recorded whole"
    pupils = count(crash_env, "SELECT count(*) FROM people_child") - 1  # the seeded child
    guardians = count(crash_env, "SELECT count(*) FROM people_relatedperson") - 2
    assert pupils == PUPILS_PER_FILE * len(done), "no pupil outside a finished import"
    assert guardians == 0, "a school's file never adds guardians"
    assert count(crash_env, "SELECT count(*) FROM interop_childimport WHERE status = 'queued'") == 0
    if crash_env["DATABASE_URL"].startswith("sqlite"):
        with sqlite3.connect(crash_env["DATABASE_URL"].removeprefix("sqlite:///")) as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    restart_and_verify(server, import_pupils, seeded, 0, "rektor")
    print(
        f"CRASH imports {connection.vendor}: {killed_at} acknowledged before kill -9, {len(done)} imports "
        f"({pupils} pupils) on disk, {time.monotonic() - began:.1f} s"
    )
