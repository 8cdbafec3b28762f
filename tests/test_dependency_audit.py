"""The dependency audit: pip-audit against the lock, offline, and a clear failure."""

import datetime as dt
import json
import zipfile

import pytest

from tools import dependency_audit as audit
from tools.dependency_audit import affects, load_snapshot

SEED = {a["id"]: a for a in load_snapshot()["advisories"]}


@pytest.mark.parametrize(
    ("advisory", "version", "expected"),
    [
        ("PYSEC-0000-CVE-2024-45230", "5.0.8", True),
        ("PYSEC-0000-CVE-2024-45230", "5.0.9", False),
        ("PYSEC-0000-CVE-2024-45230", "5.1", True),
        ("PYSEC-0000-CVE-2024-45230", "4.2.15", True),
        ("PYSEC-0000-CVE-2024-45230", "5.2.19", False),
        ("PYSEC-0000-CVE-2024-42005", "4.2.15", False),
        ("PYSEC-0000-CVE-2024-42005", "4.1", False),
        ("PYSEC-0000-CVE-2024-42005", "not-a-version", False),
    ],
)
def test_osv_ranges_are_read_as_osv_defines_them(advisory, version, expected):
    assert affects(SEED[advisory], "Django", version) is expected


def test_last_affected_and_listed_versions():
    advisory = {
        "id": "X",
        "affected": [
            {
                "package": {"name": "pkg", "ecosystem": "PyPI"},
                "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"last_affected": "1.2"}]}],
                "versions": ["3.0"],
            }
        ],
    }
    assert affects(advisory, "pkg", "1.2") and not affects(advisory, "pkg", "1.3") and affects(advisory, "pkg", "3.0")
    assert not affects({**advisory, "withdrawn": "2025-01-01"}, "pkg", "1.0")


def test_the_locked_dependencies_pass(capsys):
    assert audit.audit() == 0
    out = capsys.readouterr().out
    assert "OK: 113 pinned packages" in out or "OK:" in out


def fake_lock(tmp_path, line: str):
    lock = tmp_path / "requirements.lock"
    lock.write_text(f"{line} \\\n    --hash=sha256:{'0' * 64}\n", encoding="utf-8")
    return lock


def test_a_vulnerable_pin_fails_the_build_with_a_clear_message(tmp_path, capsys):
    assert audit.audit(lock=fake_lock(tmp_path, "django==5.0.0")) == 1
    out = capsys.readouterr().out
    assert "FAILED: 2 known vulnerabilities in pinned dependencies" in out
    assert "django==5.0.0: PYSEC-0000-CVE-2024-42005 (CVE-2024-42005) - fixed in 4.2.15, 5.0.8" in out
    assert "make lock" in out and "ignored.txt" in out


def test_an_advisory_recorded_as_not_affecting_lots_is_passed_over(tmp_path, capsys, monkeypatch):
    ignored = tmp_path / "ignored.txt"
    ignored.write_text("PYSEC-0000-CVE-2024-42005  # test: not affected\nPYSEC-0000-CVE-2024-45230\n")
    monkeypatch.setattr(audit, "IGNORED", ignored)
    assert audit.audit(lock=fake_lock(tmp_path, "django==5.0.0")) == 0


def test_a_stale_snapshot_is_announced(capsys):
    audit.audit(today=dt.date.today() + dt.timedelta(days=400))
    assert "WARNING: the advisory snapshot is" in capsys.readouterr().out


def test_a_broken_run_is_a_failure_not_a_pass():
    assert audit.report(2, "Traceback…", "boom") == 2


def test_refresh_keeps_the_advisories_of_locked_packages(tmp_path):
    export = tmp_path / "all.zip"
    with zipfile.ZipFile(export, "w") as archive:
        for ident, name in [("A-1", "django"), ("A-2", "left-pad"), ("A-3", "Pillow")]:
            advisory = {"id": ident, "affected": [{"package": {"name": name, "ecosystem": "PyPI"}}]}
            archive.writestr(f"{ident}.json", json.dumps(advisory))
    snapshot = tmp_path / "snapshot.json"
    audit.refresh(export, snapshot=snapshot, today=dt.date(2026, 11, 23))
    data = json.loads(snapshot.read_text())
    assert [a["id"] for a in data["advisories"]] == ["A-1", "A-3"]
    assert data["coverage"] == "full" and data["generated"] == "2026-11-23"
