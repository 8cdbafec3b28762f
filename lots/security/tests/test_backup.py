"""Back up, destroy, restore, verify: the access log's chain and every table's row count."""

import json
import os
import shutil
import stat
import tarfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from lots.access.models import Consent
from lots.access.tests.factories import ConsentFactory
from lots.audit import services as audit
from lots.audit.models import AuditEntry
from lots.documents import store
from lots.documents.models import Document
from lots.documents.tests.factories import MINIMAL_PDF, DocumentFactory
from lots.security import backup

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("flushable_audit_log")]


def some_history(world):
    for user in (world.kim, world.mona, world.bo):
        audit.record(
            world.actor(user),
            [
                audit.Access(
                    action="view", record_type="people.child", record_id=str(world.elin.pk), child_id=world.elin.pk
                )
            ],
        )
    consent = ConsentFactory(child=world.elin, recorded_in=world.school)
    return DocumentFactory(consent=consent)


def destroy():
    """What a bad day does: rows gone, the access log's table gone, the files gone."""
    from django.conf import settings

    Document.objects.all().delete()
    Consent.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE audit_auditentry" + (" CASCADE" if connection.vendor == "postgresql" else ""))
    shutil.rmtree(settings.LOTS_DOCUMENTS_DIR)


def test_backup_destroy_restore_and_verify(world, tmp_path, capsys):
    if connection.vendor == "postgresql" and not shutil.which("pg_dump"):
        pytest.skip("pg_dump is not installed")
    document = some_history(world)
    before = backup.row_counts()
    call_command("backup_lots", str(tmp_path / "backup"))
    manifest = (tmp_path / "backup" / "manifest.json").read_text()
    assert '"audit_auditentry": 3' in manifest

    destroy()
    call_command("restore_lots", str(tmp_path / "backup"), "--yes")
    assert "3 access-log rows in an unbroken chain" in capsys.readouterr().out
    assert backup.row_counts() == before
    assert store.path_of(Document.objects.get().storage_name).read_bytes() == MINIMAL_PDF
    assert Document.objects.get().pk == document.pk
    call_command("verify_audit_log")


def test_a_changed_backup_is_refused_before_anything_is_touched(world, tmp_path):
    some_history(world)
    backup.backup(tmp_path / "b")
    database = next((tmp_path / "b").glob("database.*"))
    with database.open("r+b") as handle:
        handle.seek(200)
        handle.write(b"tampered")
    consents = Consent.objects.count()
    with pytest.raises(CommandError, match="do not match its manifest"):
        call_command("restore_lots", str(tmp_path / "b"), "--yes")
    assert Consent.objects.count() == consents


def test_a_restore_that_does_not_verify_says_what_is_wrong(world, tmp_path, settings):
    some_history(world)
    backup.backup(tmp_path / "b")
    settings.LOTS_AUDIT_KEY = "another-key"
    with pytest.raises(CommandError, match="access log row"):
        call_command("restore_lots", str(tmp_path / "b"), "--yes")


def test_restore_asks_for_confirmation(tmp_path):
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore_lots", str(tmp_path))


def test_a_backup_never_overwrites_another(world, tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "x").write_text("an earlier backup")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup_lots", str(tmp_path / "b"))
    assert AuditEntry.objects.count() >= 0


def log_in_chain(world, chain: int, monkeypatch) -> AuditEntry:
    monkeypatch.setattr(audit, "_take_chain", lambda: (chain, audit.chain_head(chain)))
    monkeypatch.setattr(audit, "_append_after_known_head", lambda rows: None)  # not the chain written last
    (row,) = audit.record(
        world.actor(world.kim), [audit.Access(action="view", record_type="people.child", record_id="1")]
    )
    return row


def test_the_manifest_keeps_each_chains_end_and_a_lost_tail_is_named(world, tmp_path, monkeypatch):
    from lots.audit.tests.test_chain import tamper
    from lots.audit.verify import verify_chain

    two = log_in_chain(world, 2, monkeypatch)
    first_of_five = log_in_chain(world, 5, monkeypatch)
    five = log_in_chain(world, 5, monkeypatch)
    manifest = backup.backup(tmp_path / "b")
    assert manifest["audit_heads"] == {"2": {"id": two.pk, "hash": two.hash}, "5": {"id": five.pk, "hash": five.hash}}
    assert backup.verify(manifest)["audit_rows_verified"] == 3

    tamper("DELETE FROM audit_auditentry WHERE id = %s", [five.pk])
    audit.move_chain_head(5, first_of_five.hash)  # whoever cut the tail moved the head back too
    assert verify_chain() == (2, []), "the log alone cannot show that its last rows are gone"
    with pytest.raises(backup.BackupError, match="chain 5 does not end where the backup's did"):
        backup.verify(manifest)


def test_a_manifest_from_before_the_chains_is_still_checked(world, tmp_path):
    some_history(world)
    manifest = backup.backup(tmp_path / "b")
    last = AuditEntry.objects.order_by("-pk").first()
    del manifest["audit_heads"]
    manifest |= {"audit_last_id": last.pk, "audit_last_hash": last.hash}
    assert backup.verify(manifest)["audit_rows_verified"] == 3
    manifest["audit_last_hash"] = "f" * 64
    with pytest.raises(backup.BackupError, match="does not end where the backup's did"):
        backup.verify(manifest)


def test_a_backup_edited_with_its_manifest_recomputed_is_refused(world, tmp_path):
    """Changing a backup and writing its checksums anew into the manifest is not enough: the
    manifest is signed with LOTS_ANCHOR_KEY, which the backups do not hold."""
    some_history(world)
    backup.backup(tmp_path / "b")
    documents = tmp_path / "b" / "documents.tar"
    with tarfile.open(documents) as archive:
        archive.extractall(tmp_path / "unpacked", filter="data")
    (scan,) = (path for path in (tmp_path / "unpacked").rglob("*") if path.is_file())
    scan.write_bytes(b"%PDF-1.4 another form")
    with tarfile.open(documents, "w") as archive:
        archive.add(tmp_path / "unpacked" / "documents", arcname="documents")
    manifest_file = tmp_path / "b" / "manifest.json"
    manifest = json.loads(manifest_file.read_text())
    manifest["documents_sha256"] = backup._sha256(documents)
    manifest_file.write_text(json.dumps(manifest))
    consents = Consent.objects.count()
    with pytest.raises(CommandError, match="manifest is not signed with LOTS_ANCHOR_KEY"):
        call_command("restore_lots", str(tmp_path / "b"), "--yes")
    assert Consent.objects.count() == consents


def test_a_backup_of_a_log_cut_after_a_checkpoint_does_not_restore(world, tmp_path):
    from lots.audit.tests.test_anchor import cut_tail

    some_history(world)
    call_command("checkpoint_audit_log")
    cut_tail(1)
    backup.backup(tmp_path / "b")
    with pytest.raises(CommandError, match="the chain was cut at its end"):
        call_command("restore_lots", str(tmp_path / "b"), "--yes")


def test_after_a_restore_the_log_verifies_from_the_restore_on(world, tmp_path, settings):
    """The rows logged after the backup are gone for good: the restore says so in a signed line,
    and the checkpoints before it no longer count."""
    some_history(world)
    call_command("checkpoint_audit_log")
    backup.backup(tmp_path / "b")
    some_history(world)
    call_command("checkpoint_audit_log")
    call_command("restore_lots", str(tmp_path / "b"), "--yes")
    kinds = [json.loads(line)["kind"] for line in settings.LOTS_ANCHOR_FILE.read_text().splitlines()]
    assert kinds == ["checkpoint", "checkpoint", "restore"]
    call_command("verify_audit_log", "--require-anchor")
    call_command("checkpoint_audit_log")


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_backups_and_restored_documents_are_for_their_owner_only(world, tmp_path):
    from django.conf import settings

    some_history(world)
    target = tmp_path / "b"
    backup.backup(target)
    assert mode(target) == 0o700
    assert {path.name: mode(path) for path in target.iterdir()} == {
        name: 0o600 for name in ("manifest.json", "documents.tar", f"database.{_extension()}")
    }
    backup.restore(target)
    root = settings.LOTS_DOCUMENTS_DIR
    assert {mode(path) for path in [root, *root.rglob("*")] if path.is_dir()} == {0o700}
    assert {mode(path) for path in root.rglob("*") if path.is_file()} == {0o600}


def _extension() -> str:
    return "sqlite3" if connection.vendor == "sqlite" else "pgdump"
