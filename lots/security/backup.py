"""Backup and restore of the database and the uploaded documents, with a manifest to check.

A backup is a directory:
  database.sqlite3 | database.pgdump   the database (SQLite's online backup API / pg_dump -Fc)
  documents.tar                        LOTS_DOCUMENTS_DIR
  manifest.json                        when, which engine, rows per table, the last row and
                                       hash of each of the access log's chains, checksums of
                                       the two files; signed with LOTS_ANCHOR_KEY

The backup's folder is 0700 and its files 0600; so are the documents a restore puts back.

Restore refuses a manifest whose signature fails (one edited, its checksums recomputed), puts
both back and then checks: every table has the rows the manifest says, the access log's chains
verify (with the same LOTS_AUDIT_KEY, which is kept apart from the backups), each ends at the row
it ended at when backed up (a chain cannot show a lost tail itself), and every row named by a
signed checkpoint written before the backup is there (lots.audit.anchor). Last it appends a
"restore" checkpoint: the rows logged after the backup are gone, and the checks start again there.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection, connections
from django.db.models import Max

from lots.audit import anchor
from lots.audit.models import AuditEntry
from lots.audit.verify import verify_chain
from lots.conf import private_directory, private_tree

PG_TOOLS_TIMEOUT = 3600


class BackupError(Exception):
    pass


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def row_counts() -> dict[str, int]:
    counts = {}
    for model in apps.get_models():
        if model._meta.managed and not model._meta.proxy:
            counts[model._meta.db_table] = model._default_manager.count()
    return dict(sorted(counts.items()))


def audit_heads() -> dict[str, dict]:
    """Each chain's last row: {"<chain>": {"id": …, "hash": …}} (JSON keys are strings)."""
    last_ids = AuditEntry.objects.values("chain").annotate(last=Max("id")).values_list("last", flat=True)
    rows = AuditEntry.objects.filter(pk__in=list(last_ids)).values_list("chain", "pk", "hash")
    return {str(chain): {"id": pk, "hash": digest} for chain, pk, digest in sorted(rows)}


def _heads_differ(manifest: dict) -> list[str]:
    heads = audit_heads()
    if "audit_heads" not in manifest:  # a backup made before the log had several chains
        last = AuditEntry.objects.order_by("-pk").values_list("pk", "hash").first()
        if (last or (None, None)) != (manifest["audit_last_id"], manifest["audit_last_hash"]):
            return ["the access log does not end where the backup's did"]
        return []
    expected = manifest["audit_heads"]
    return [
        f"the access log's chain {chain} does not end where the backup's did"
        for chain in sorted({*expected, *heads}, key=int)
        if heads.get(chain) != expected.get(chain)
    ]


def _pg_env_and_args() -> tuple[dict, list[str]]:
    db = settings.DATABASES["default"]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = ["-d", str(db["NAME"])]
    for flag, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    return env, args


def _run(command: list[str], env: dict) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=PG_TOOLS_TIMEOUT, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[:500]}")


def backup(target: Path) -> dict:
    """Write a backup into the directory `target` (created; must not exist or be empty)."""
    private_directory(target)
    if any(target.iterdir()):
        raise BackupError(f"{target} is not empty")
    made_at = dt.datetime.now(tz=dt.UTC).isoformat()  # before the copy: checkpoints until then are in it
    vendor = connection.vendor
    connection.ensure_connection()
    if vendor == "sqlite":
        database = target / "database.sqlite3"
        destination = sqlite3.connect(database)
        with destination:
            connection.connection.backup(destination)  # consistent even while others write
        destination.close()
    elif vendor == "postgresql":
        database = target / "database.pgdump"
        env, args = _pg_env_and_args()
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "-f", str(database), *args], env)
    else:
        raise BackupError(f"no backup for {vendor}")
    documents = target / "documents.tar"
    with tarfile.open(documents, "w") as archive:
        root = Path(settings.LOTS_DOCUMENTS_DIR)
        if root.exists():
            archive.add(root, arcname="documents")
    manifest = {
        "made_at": made_at,
        "engine": vendor,
        "database": database.name,
        "database_sha256": _sha256(database),
        "documents_sha256": _sha256(documents),
        "rows": row_counts(),
        "audit_heads": audit_heads(),
    }
    manifest = anchor.sign(manifest)
    (target / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    private_tree(target)
    return manifest


def restore(source: Path) -> dict:
    """Put a backup back, then verify it. Raises BackupError naming what does not match."""
    manifest = json.loads((source / "manifest.json").read_text(encoding="utf-8"))
    if not anchor.signature_holds(manifest):
        raise BackupError(
            "the backup's manifest is not signed with LOTS_ANCHOR_KEY: "
            "changed after the backup, or made with another key"
        )
    database = source / manifest["database"]
    documents = source / "documents.tar"
    if _sha256(database) != manifest["database_sha256"] or _sha256(documents) != manifest["documents_sha256"]:
        raise BackupError("the backup's files do not match its manifest: damaged or changed")
    if manifest["engine"] != connection.vendor:
        raise BackupError(f"a {manifest['engine']} backup cannot be restored into {connection.vendor}")
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        backup_db = sqlite3.connect(database)
        with backup_db:
            backup_db.backup(connection.connection)
        backup_db.close()
    else:
        for conn in connections.all():
            conn.close()
        env, args = _pg_env_and_args()
        # pg_restore --clean cannot drop a partition's inherited keys (the access log is
        # partitioned by month), so the schema is emptied and the dump replayed instead: psql runs
        # both in one transaction, and a restore that fails leaves the database as it was.
        with tempfile.TemporaryDirectory() as scratch:
            script = Path(scratch) / "restore.sql"
            _run(["pg_restore", "--no-owner", "--no-privileges", "-f", str(script), str(database)], env)
            _run(
                [
                    "psql",
                    "--single-transaction",
                    "--no-psqlrc",
                    "--quiet",
                    "-v",
                    "ON_ERROR_STOP=1",
                    *args,
                    "-c",
                    "DROP SCHEMA public CASCADE",
                    "-c",
                    "CREATE SCHEMA public",
                    "-f",
                    str(script),
                ],
                env,
            )
    root = Path(settings.LOTS_DOCUMENTS_DIR)
    root.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    unpacked = Path(tempfile.mkdtemp(dir=root.parent, prefix=".restore-"))
    with tarfile.open(documents) as archive:
        archive.extractall(unpacked, filter="data")
    if root.exists():
        shutil.rmtree(root)
    restored = unpacked / "documents"
    if restored.exists():
        restored.rename(root)
    shutil.rmtree(unpacked)
    private_tree(root)
    verified = verify(manifest, anchored=anchor.read_anchor(until=manifest["made_at"]))
    anchor.write_checkpoint(kind="restore", restored_from=manifest["made_at"])
    return verified


def verify(manifest: dict, *, anchored: anchor.Anchor | None = None) -> dict:
    problems = []
    counts = row_counts()
    for table, expected in manifest["rows"].items():
        if counts.get(table) != expected:
            problems.append(f"{table}: {counts.get(table)} rows, the backup had {expected}")
    if anchored is not None:
        problems += anchored.problems
    checked, breaks = verify_chain(anchored=anchored.anchored if anchored else None)
    problems += [f"access log {b}" for b in breaks]
    problems += _heads_differ(manifest)
    if problems:
        raise BackupError("; ".join(problems))
    return {"tables": len(counts), "rows": sum(counts.values()), "audit_rows_verified": checked}
