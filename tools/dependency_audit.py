"""The dependency audit of `make check`: pip-audit against requirements.lock (pinned, hashed).

pip-audit asks a vulnerability service about each pinned package. Which service:

- `snapshot` (the default, what CI runs): the advisories vendored in
  tools/advisories/pypi-osv.json (OSV format), served to pip-audit by a small OSV-compatible
  endpoint on a loopback port for the length of the run. Works without any network, gives the
  same answer on every machine for the same snapshot, and says how old the snapshot is.
- `osv` / `pypi`: pip-audit's own live services, for a machine that reaches them.

    python -m tools.dependency_audit                    # audit (exit 1 on a known vulnerability)
    python -m tools.dependency_audit --source osv       # the same against the live OSV service
    python -m tools.dependency_audit refresh --from all.zip   # rebuild the snapshot from the
                                                              # OSV project's PyPI export

A vulnerability fails the build with the package, the advisory and the fixed version. One that
does not affect Lots is recorded in tools/advisories/ignored.txt (id, reason), never silenced
elsewhere.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import subprocess
import sys
import tempfile
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"
SNAPSHOT = ROOT / "tools" / "advisories" / "pypi-osv.json"
IGNORED = ROOT / "tools" / "advisories" / "ignored.txt"
STALE_AFTER_DAYS = 30


# Matching (the part of the OSV service we stand in for) -------------------------------------


def _version(text: str) -> Version | None:
    try:
        return Version(text)
    except InvalidVersion:
        return None


def affects(advisory: dict, name: str, version: str) -> bool:
    """Whether an OSV advisory covers `name==version` (ECOSYSTEM ranges or listed versions)."""
    wanted = _version(version)
    if wanted is None or advisory.get("withdrawn"):
        return False
    for affected in advisory.get("affected", []):
        package = affected.get("package", {})
        if package.get("ecosystem") != "PyPI" or canonicalize_name(package.get("name", "")) != canonicalize_name(name):
            continue
        if version in affected.get("versions", []):
            return True
        for spec in affected.get("ranges", []):
            if spec.get("type") == "ECOSYSTEM" and _in_range(spec.get("events", []), wanted):
                return True
    return False


def _in_range(events: list[dict], wanted: Version) -> bool:
    """OSV's rule: sort the events by version and walk them; introduced opens, fixed closes,
    last_affected closes after its own version."""

    def key(event):
        (kind, text) = next(iter(event.items()))
        return (Version("0") if text == "0" else _version(text) or Version("0")), kind != "introduced"

    affected = False
    for event in sorted(events, key=key):
        (kind, text) = next(iter(event.items()))
        at = Version("0") if text == "0" else _version(text)
        if at is None:
            continue
        if kind == "introduced" and wanted >= at:
            affected = True
        elif (kind == "fixed" and wanted >= at) or (kind == "last_affected" and wanted > at):
            affected = False
    return affected


def load_snapshot(path: Path = SNAPSHOT) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


class OsvStandIn:
    """An OSV `/v1/query` endpoint on 127.0.0.1 answering from the snapshot."""

    def __init__(self, advisories: list[dict]):
        by_package: dict[str, list[dict]] = {}
        for advisory in advisories:
            for affected in advisory.get("affected", []):
                name = canonicalize_name(affected.get("package", {}).get("name", ""))
                by_package.setdefault(name, []).append(advisory)
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                query = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                name = query.get("package", {}).get("name", "")
                version = query.get("version", "")
                vulns = [a for a in by_package.get(canonicalize_name(name), []) if affects(a, name, version)]
                body = json.dumps({"vulns": vulns} if vulns else {}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1/query"
        stand_in.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> OsvStandIn:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


# The audit ---------------------------------------------------------------------------------------


def ignored_ids(path: Path | None = None) -> list[str]:
    path = path or IGNORED
    if not path.exists():
        return []
    ids = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            ids.append(line.split()[0])
    return ids


def audit(
    *, lock: Path = LOCK, source: str = "snapshot", snapshot: Path = SNAPSHOT, today: dt.date | None = None
) -> int:
    """Run pip-audit; print a clear verdict; 0 when no known vulnerability affects a pin."""
    today = today or dt.date.today()
    command = [
        str(Path(sys.executable).parent / "pip-audit"),
        "--requirement",
        str(lock),
        "--disable-pip",
        "--format",
        "json",
        "--progress-spinner",
        "off",
    ]
    for vuln_id in ignored_ids():
        command += ["--ignore-vuln", vuln_id]
    with tempfile.TemporaryDirectory() as cache:
        command += ["--cache-dir", cache]
        if source == "snapshot":
            data = load_snapshot(snapshot)
            age = (today - dt.date.fromisoformat(data["generated"])).days
            print(
                f"Dependency audit: {lock.name} against the vendored advisory snapshot of {data['generated']} "
                f"({len(data['advisories'])} advisories, coverage: {data.get('coverage', 'full')})."
            )
            if data.get("coverage") == "seed" or age > STALE_AFTER_DAYS:
                what = "a seed" if data.get("coverage") == "seed" else f"{age} days old"
                print(
                    f"WARNING: the advisory snapshot is {what}; "
                    "refresh it where the OSV PyPI export can be fetched (see docs/security.md)."
                )
            with OsvStandIn(data["advisories"]) as stand_in:
                done = subprocess.run(  # noqa: S603 - our own pip-audit, our own arguments
                    [*command, "-s", "osv", "--osv-url", stand_in.url], capture_output=True, text=True
                )
        else:
            print(f"Dependency audit: {lock.name} against pip-audit's live {source} service.")
            done = subprocess.run([*command, "-s", source], capture_output=True, text=True)  # noqa: S603
    return report(done.returncode, done.stdout, done.stderr)


def report(returncode: int, stdout: str, stderr: str) -> int:
    try:
        result = json.loads(stdout)
    except json.JSONDecodeError:
        print(f"FAILED: pip-audit did not run ({returncode}): {stderr.strip()[-800:]}")
        return 2
    dependencies = result.get("dependencies", [])
    found = [(d, v) for d in dependencies for v in d.get("vulns", [])]
    skipped = [d for d in dependencies if "skip_reason" in d]
    if found:
        print(f"FAILED: {len(found)} known vulnerabilit{'y' if len(found) == 1 else 'ies'} in pinned dependencies:")
        for dependency, vuln in found:
            fixed = ", ".join(vuln.get("fix_versions", [])) or "no fixed version yet"
            aliases = ", ".join(vuln.get("aliases", []))
            print(f"  {dependency['name']}=={dependency['version']}: {vuln['id']} ({aliases}) - fixed in {fixed}")
            print(f"      {vuln.get('description', '')[:200]}")
        print(
            "Upgrade the package in pyproject.toml and run `make lock`; if Lots is truly not affected, record the id "
            "and the reason in tools/advisories/ignored.txt."
        )
        return 1
    if skipped:
        print(f"FAILED: {len(skipped)} pinned packages could not be audited: {', '.join(d['name'] for d in skipped)}")
        return 2
    print(f"OK: {len(dependencies)} pinned packages, no known vulnerability.")
    return 0


# Refreshing the snapshot ------------------------------------------------------------------------


def locked_names(lock: Path = LOCK) -> set[str]:
    return {canonicalize_name(m) for m in re.findall(r"^([A-Za-z0-9_.-]+)==", lock.read_text(encoding="utf-8"), re.M)}


def refresh(export: Path, *, lock: Path = LOCK, snapshot: Path = SNAPSHOT, today: dt.date | None = None) -> int:
    """Keep, from the OSV PyPI export (a zip of one JSON per advisory), every advisory that names
    a package in the lock (any version: a later pin may need it)."""
    names = locked_names(lock)
    kept = []
    with zipfile.ZipFile(export) as archive:
        for member in archive.namelist():
            if not member.endswith(".json"):
                continue
            advisory = json.loads(archive.read(member))
            packages = {canonicalize_name(a.get("package", {}).get("name", "")) for a in advisory.get("affected", [])}
            if packages & names and not advisory.get("withdrawn"):
                kept.append(advisory)
    kept.sort(key=lambda a: a["id"])
    data = {
        "about": "Advisories (OSV format) for the packages in requirements.lock, read offline by "
        "tools/dependency_audit.py; rebuilt by its `refresh` from the OSV project's PyPI export.",
        "coverage": "full",
        "generated": (today or dt.date.today()).isoformat(),
        "advisories": kept,
    }
    snapshot.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"Snapshot rebuilt: {len(kept)} advisories for {len(names)} locked packages.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", nargs="?", default="audit", choices=["audit", "refresh"])
    parser.add_argument("--source", default="snapshot", choices=["snapshot", "osv", "pypi"])
    parser.add_argument("--lock", type=Path, default=LOCK)
    parser.add_argument("--snapshot", type=Path, default=SNAPSHOT)
    parser.add_argument("--from", dest="export", type=Path, help="the OSV PyPI export (all.zip), for refresh")
    args = parser.parse_args(argv)
    if args.command == "refresh":
        if not args.export:
            parser.error("refresh needs --from all.zip")
        return refresh(args.export, lock=args.lock, snapshot=args.snapshot)
    return audit(lock=args.lock, source=args.source, snapshot=args.snapshot)


if __name__ == "__main__":
    sys.exit(main())
