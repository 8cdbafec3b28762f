"""Signed checkpoints outside the database show a log cut at its end, emptied, or rewritten."""

import json
import os
import socket
import stat

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from lots.audit import anchor, tasks
from lots.audit.chain import FIELDS, link
from lots.audit.models import AuditEntry, ChainHead
from lots.audit.tests.test_chain import tamper, write
from lots.audit.verify import verify_chain

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _chain_0_first():
    """On PostgreSQL a connection takes any free chain; these tests' rows go to chain 0."""
    connection._lots_audit_chain = 0


def cut_tail(rows: int) -> None:
    """Remove the last rows of the last row's chain and move its recorded head back with them: the
    chain itself then verifies (what someone with write access to the database can do)."""
    chain = AuditEntry.objects.order_by("-id").values_list("chain", flat=True).first()
    last = list(AuditEntry.objects.filter(chain=chain).order_by("-id")[:rows])
    tamper("DELETE FROM audit_auditentry WHERE chain = %s AND id >= %s", [chain, last[-1].pk])
    ChainHead.objects.filter(chain=chain).update(hash=last[-1].prev_hash)


def lines(settings) -> list[dict]:
    return [json.loads(line) for line in settings.LOTS_ANCHOR_FILE.read_text().splitlines()]


def test_a_checkpoint_names_each_chains_end_and_count_and_is_signed(settings):
    rows = write(3)
    call_command("checkpoint_audit_log")
    write(2)
    tasks.write_checkpoint.call()  # the task the worker runs: counts only the rows since the last one
    first, second = lines(settings)
    assert first["chains"] == {"0": {"id": rows[-1].pk, "hash": rows[-1].hash, "count": 3}}
    assert second["chains"]["0"]["count"] == 5 and second["rows"] == 5
    assert anchor.signature_holds(first) and anchor.signature_holds(second)
    assert stat.S_IMODE(os.stat(settings.LOTS_ANCHOR_FILE).st_mode) == 0o600
    call_command("verify_audit_log")


def test_a_log_cut_at_its_end_verifies_alone_but_not_against_the_checkpoint(capsys):
    write(4)
    call_command("checkpoint_audit_log")
    cut_tail(2)
    assert verify_chain() == (2, []), "the chain cannot show its lost end"
    with pytest.raises(CommandError, match="broken in 1 place"):
        call_command("verify_audit_log")
    assert "the chain was cut at its end" in capsys.readouterr().err


def test_an_emptied_log_does_not_verify(capsys):
    write(3)
    call_command("checkpoint_audit_log")
    tamper("DELETE FROM audit_auditentry")
    ChainHead.objects.all().delete()
    assert verify_chain() == (0, [])
    with pytest.raises(CommandError):
        call_command("verify_audit_log")
    assert "the log emptied" in capsys.readouterr().err


def test_a_log_rewritten_with_the_audit_key_is_not_the_checkpointed_one(settings, capsys):
    """Whoever holds LOTS_AUDIT_KEY (every web process does) can rewrite a whole chain that
    verifies; the checkpoints, signed with a key the web processes do not hold, still tell."""
    write(3)
    call_command("checkpoint_audit_log")
    settings.LOTS_AUDIT_KEY = "a key the attacker chose"
    rows = list(AuditEntry.objects.order_by("id").values_list("id", *FIELDS))
    for (entry_id, *_), (prev, digest) in zip(rows, link([row[1:] for row in rows], "0" * 64), strict=True):
        tamper("UPDATE audit_auditentry SET prev_hash = %s, hash = %s WHERE id = %s", [prev, digest, entry_id])
    ChainHead.objects.filter(chain=0).update(hash=digest)
    assert verify_chain() == (3, [])
    with pytest.raises(CommandError):
        call_command("verify_audit_log")
    assert "is not the row the checkpoint of" in capsys.readouterr().err


def test_a_changed_checkpoint_is_refused(settings, capsys):
    write(3)
    call_command("checkpoint_audit_log")
    (line,) = lines(settings)
    line["chains"]["0"]["count"] = 2
    settings.LOTS_ANCHOR_FILE.write_text(json.dumps(line) + "\n")
    with pytest.raises(CommandError):
        call_command("verify_audit_log")
    assert "anchor line 1: its signature does not hold" in capsys.readouterr().err


def test_the_writer_refuses_to_checkpoint_a_cut_log():
    write(3)
    call_command("checkpoint_audit_log")
    cut_tail(1)
    with pytest.raises(CommandError, match="cut after the last checkpoint: chain 0: row"):
        call_command("checkpoint_audit_log")


def test_without_an_anchor_the_verifier_says_so_and_fails_when_it_is_required(capsys):
    write(1)
    call_command("verify_audit_log")
    assert "No checkpoint in" in capsys.readouterr().err
    with pytest.raises(CommandError):
        call_command("verify_audit_log", "--require-anchor")


def test_the_anchor_key_is_not_the_audit_key(settings):
    settings.LOTS_ANCHOR_KEY = settings.LOTS_AUDIT_KEY
    with pytest.raises(Exception, match="must not be LOTS_AUDIT_KEY"):
        anchor.sign({})


def test_a_checkpoint_goes_to_syslog_too(settings):
    receiver = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    receiver.bind(("127.0.0.1", 0))
    receiver.settimeout(5)
    settings.LOTS_ANCHOR_SYSLOG = f"127.0.0.1:{receiver.getsockname()[1]}"
    try:
        write(1)
        checkpoint = anchor.write_checkpoint()
        message = receiver.recv(65536).decode()
    finally:
        receiver.close()
    assert message.startswith("<38>")  # auth.info
    assert json.loads(message.split("lots-audit-anchor ", 1)[1].rstrip("\x00")) == checkpoint


def test_after_a_restore_by_hand_a_restore_line_starts_the_checks_again(capsys):
    write(3)
    call_command("checkpoint_audit_log")
    cut_tail(2)  # as a backup restored by hand would leave it
    with pytest.raises(CommandError):
        call_command("verify_audit_log")
    call_command("checkpoint_audit_log", "--restored")
    call_command("checkpoint_audit_log")  # counts on from the restore line
    call_command("verify_audit_log", "--require-anchor")
    assert "The access log is whole: 1 rows checked, against 3 checkpoint(s)" in capsys.readouterr().out
