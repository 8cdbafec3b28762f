"""Soak test: ten minutes of mixed traffic against a real Lots, then the books are checked.

    .venv/bin/python -m benchmarks.soak                      # 600 s at 20 requests/s, SQLite
    .venv/bin/python -m benchmarks.soak --duration 60 --rate 10
    .venv/bin/python -m benchmarks.soak --database-url postgres://postgres@localhost:5432/lots_soak

It starts Lots exactly as production would (gunicorn, DEBUG off, collected static files) on a
loopback port with the demo loaded, in a directory of its own. Demo staff sign in and then, at
the given total rate, read their lists and children's pages, search, open consents, record
consents (writes, each with its own submission key), upload and download scanned forms, and an
auditor searches the log. Traffic goes only to 127.0.0.1 and stops by itself.

It holds when: no answer is a server error or a lost connection; the server's memory (the
gunicorn master and workers, resident) grows by less than --max-growth-mb between the first
and the last minute; every write that was acknowledged is in the database, with one audit row
each; and `verify_audit_log` passes. The result is printed and written to
benchmarks/results/soak.md; the exit status is 0 only if it held. Not part of `make test`
(it takes ten minutes); `make bench` may call `main()`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
PASSWORD = "demo-lots-2026"  # noqa: S105 - the demo's published password
STAFF = ["kurator.asen", "mentor.asen", "rektor.asen", "bup", "familjelots", "kurator.bergvik"]
AUDITOR = "loggranskare"
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@dataclass
class Tally:
    requests: int = 0
    errors: list[str] = field(default_factory=list)
    latencies: dict[str, list[float]] = field(default_factory=dict)
    consents: list[int] = field(default_factory=list)
    documents: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, kind: str, seconds: float) -> None:
        with self.lock:
            self.requests += 1
            self.latencies.setdefault(kind, []).append(seconds)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _manage(env: dict, *args: str) -> str:
    done = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(f"manage.py {args[0]} failed: {done.stderr[-2000:]}")
    return done.stdout


def _rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (gunicorn master and workers), in MB."""
    total = 0
    pids = [pid] + [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    for each in pids:
        try:
            for line in Path(f"/proc/{each}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            continue
    return total / 1024


class User:
    """One member of staff in a browser-like session, with what they know about the demo."""

    def __init__(self, base: str, username: str, tally: Tally):
        self.base, self.username, self.tally = base, username, tally
        self.session = requests.Session()
        self.children: list[int] = []
        self.consents: list[int] = []
        self.documents: list[str] = []

    def _call(self, kind: str, method: str, path: str, **kwargs):
        started = time.monotonic()
        try:
            answer = self.session.request(method, self.base + path, timeout=30, allow_redirects=False, **kwargs)
        except requests.RequestException as error:
            self.tally.errors.append(f"{kind}: {type(error).__name__}")
            return None
        self.tally.note(kind, time.monotonic() - started)
        if answer.status_code >= 500:
            self.tally.errors.append(f"{kind}: HTTP {answer.status_code} at {path}")
        return answer

    def _csrf(self) -> str:
        return self.session.cookies.get("csrftoken", "")

    def sign_in(self) -> None:
        self._call("sign_in", "GET", "/konto/logga-in/")
        self._call(
            "sign_in",
            "POST",
            "/konto/logga-in/",
            data={"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": self._csrf()},
        )
        page = self._call("list", "GET", "/barn/")
        if page is not None:
            self.children = [int(n) for n in re.findall(r'href="/barn/(\d+)/"', page.text)][:20]

    def act(self, rng: random.Random) -> None:
        actions = [(self.read_list, 3), (self.read_child, 4), (self.search, 2), (self.read_consents, 2)]
        if self.children:
            actions += [(self.record_consent, 1), (self.upload, 1)]
        if self.documents:
            actions.append((self.download, 1))
        choice = rng.choices([a for a, _ in actions], weights=[w for _, w in actions])[0]
        choice(rng)

    def read_list(self, rng):
        self._call("list", "GET", "/barn/")

    def read_child(self, rng):
        if self.children:
            self._call("child", "GET", f"/barn/{rng.choice(self.children)}/")

    def search(self, rng):
        self._call(
            "search",
            "POST",
            "/barn/sok/",
            data={"q": rng.choice(["Berg", "Elin", "Nyström", "Hassan", "an"]), "csrfmiddlewaretoken": self._csrf()},
        )

    def read_consents(self, rng):
        if self.children:
            self._call("consents", "GET", f"/sekretess/barn/{rng.choice(self.children)}/samtycken/")

    def record_consent(self, rng):
        child = rng.choice(self.children)
        form = self._call("consent_form", "GET", f"/sekretess/barn/{child}/samtycken/nytt/")
        if form is None or form.status_code != 200:
            return
        agencies = re.findall(r'name="agencies" value="(\d+)"', form.text)[:2]
        guardians = re.findall(r'name="guardians" value="(\d+)"', form.text)
        answer = self._call(
            "consent_write",
            "POST",
            f"/sekretess/barn/{child}/samtycken/nytt/",
            data={
                "csrfmiddlewaretoken": self._csrf(),
                "submission_key": uuid.uuid4().hex,
                "purpose": "sip",
                "agencies": agencies,
                "information_kinds": ["1", "2"],
                "form": "in_meeting",
                "guardians": guardians,
                "single_guardian_ground": "" if len(guardians) != 1 else "Ensam vårdnadshavare enligt beslut.",
            },
        )
        if answer is not None and answer.status_code == 302:
            consent = int(re.search(r"/samtycken/(\d+)/", answer.headers["Location"]).group(1))
            self.consents.append(consent)
            with self.tally.lock:
                self.tally.consents.append(consent)

    def upload(self, rng):
        if not self.consents:
            return
        consent = rng.choice(self.consents)
        answer = self._call(
            "upload",
            "POST",
            f"/dokument/samtycke/{consent}/ladda-upp/",
            data={"csrfmiddlewaretoken": self._csrf()},
            files={"file": ("samtycke.pdf", PDF, "application/pdf")},
        )
        if answer is not None and answer.status_code == 302:
            page = self._call("consent", "GET", f"/sekretess/samtycken/{consent}/")
            if page is not None:
                found = re.findall(r'href="/dokument/([0-9a-f-]{36})/"', page.text)
                self.documents = sorted(set(self.documents) | set(found))
                with self.tally.lock:
                    self.tally.documents += 1

    def download(self, rng):
        self._call("download", "GET", f"/dokument/{rng.choice(self.documents)}/")


class Auditor(User):
    def act(self, rng):
        self._call(
            "log_review",
            "POST",
            "/logg/",
            data={"username": rng.choice(STAFF), "csrfmiddlewaretoken": self._csrf()},
        )


def soak(*, duration: float, rate: float, database_url: str | None, max_growth_mb: float, keep: bool) -> dict:
    work = Path(tempfile.mkdtemp(prefix="lots-soak-"))
    env = {**os.environ, "LOTS_VAR_DIR": str(work), "DEBUG": "0", "LOTS_DEMO": "1"}
    env["DATABASE_URL"] = database_url or f"sqlite:///{work / 'lots.sqlite3'}"
    for command in (["migrate", "--noinput", "-v0"], ["load_demo"], ["collectstatic", "--noinput", "-v0"]):
        _manage(env, *command)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(  # noqa: S603
        [str(Path(sys.executable).parent / "gunicorn"), "lots.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        env=env,
        cwd=ROOT,
        stdout=(work / "server.log").open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    tally = Tally()
    memory: list[tuple[float, float]] = []
    try:
        for _ in range(300):
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=1):  # noqa: S310 - loopback only
                    break
            except OSError:
                time.sleep(0.1)
        users = [User(base, name, tally) for name in STAFF] + [Auditor(base, AUDITOR, tally)]
        for user in users:
            user.sign_in()
        started = time.monotonic()
        stop = started + duration
        interval = len(users) / rate

        def run(user: User, seed: int):
            rng = random.Random(seed)
            next_at = time.monotonic()
            while time.monotonic() < stop:
                user.act(rng)
                next_at += interval
                time.sleep(max(0.0, next_at - time.monotonic()))

        threads = [threading.Thread(target=run, args=(u, i)) for i, u in enumerate(users)]
        for thread in threads:
            thread.start()
        while any(t.is_alive() for t in threads):
            memory.append((time.monotonic() - started, _rss_mb(server.pid)))
            time.sleep(5)
        for thread in threads:
            thread.join()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    # The books: every acknowledged write is there, once, with its audit row; the chain holds.
    counts = _counts(env["DATABASE_URL"], tally.consents)
    chain = subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), "verify_audit_log"], env=env, cwd=ROOT, capture_output=True, text=True
    )
    minute = max(1, int(60 / 5))
    first = statistics.mean(m for _, m in memory[:minute]) if memory else 0.0
    last = statistics.mean(m for _, m in memory[-minute:]) if memory else 0.0
    result = {
        "duration_s": duration,
        "target_rate_rps": rate,
        "requests": tally.requests,
        "achieved_rate_rps": round(tally.requests / duration, 1),
        "errors": len(tally.errors),
        "error_examples": tally.errors[:10],
        "consents_acknowledged": len(tally.consents),
        "consents_missing": counts["missing"],
        "consents_without_audit_row": counts["unlogged"],
        "documents_uploaded": tally.documents,
        "memory_first_minute_mb": round(first, 1),
        "memory_last_minute_mb": round(last, 1),
        "memory_growth_mb": round(last - first, 1),
        "memory_bound_mb": max_growth_mb,
        "audit_chain": chain.stdout.strip() or chain.stderr.strip()[-300:],
        "median_ms": {k: round(statistics.median(v) * 1000, 1) for k, v in sorted(tally.latencies.items())},
        "p95_ms": {
            k: round(sorted(v)[int(len(v) * 0.95) - 1] * 1000, 1) for k, v in sorted(tally.latencies.items()) if v
        },
    }
    result["held"] = (
        result["errors"] == 0
        and result["consents_missing"] == 0
        and result["consents_without_audit_row"] == 0
        and result["memory_growth_mb"] < max_growth_mb
        and chain.returncode == 0
    )
    if not keep:
        shutil.rmtree(work, ignore_errors=True)
    return result


def _counts(database_url: str, acknowledged: list[int]) -> dict:
    ids = sorted(set(acknowledged))
    query_ids = "SELECT id FROM access_consent"
    query_logged = "SELECT record_id FROM audit_auditentry WHERE record_type = 'access.consent' AND action = 'create'"
    if database_url.startswith("sqlite"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as db:
            present = {row[0] for row in db.execute(query_ids)}
            logged = {int(row[0]) for row in db.execute(query_logged)}
    else:
        import psycopg

        with psycopg.connect(database_url) as db:
            present = {row[0] for row in db.execute(query_ids)}
            logged = {int(row[0]) for row in db.execute(query_logged)}
    return {"missing": len([i for i in ids if i not in present]), "unlogged": len([i for i in ids if i not in logged])}


def write_markdown(result: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        "# Soak test",
        "",
        f"{result['duration_s']:.0f} s of mixed traffic at {result['target_rate_rps']} requests/s "
        f"(achieved {result['achieved_rate_rps']}), loopback, `benchmarks/soak.py`.",
        "",
        "| measure | value |",
        "|---|---|",
    ]
    for key in (
        "requests",
        "errors",
        "consents_acknowledged",
        "consents_missing",
        "consents_without_audit_row",
        "documents_uploaded",
        "memory_first_minute_mb",
        "memory_last_minute_mb",
        "memory_growth_mb",
        "memory_bound_mb",
        "audit_chain",
        "held",
    ):
        lines.append(f"| {key.replace('_', ' ')} | {result[key]} |")
    lines += ["", "| request | median ms | p95 ms |", "|---|---|---|"]
    for kind, median in result["median_ms"].items():
        lines.append(f"| {kind} | {median} | {result['p95_ms'].get(kind, '')} |")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Lots soak test (loopback only).")
    parser.add_argument("--duration", type=float, default=600, help="seconds of traffic (default 600)")
    parser.add_argument("--rate", type=float, default=20, help="requests per second, all users together")
    parser.add_argument("--database-url", default=None, help="a PostgreSQL database to use (it is migrated)")
    parser.add_argument("--max-growth-mb", type=float, default=64, help="allowed growth of the server's memory")
    parser.add_argument("--keep", action="store_true", help="keep the working directory (logs, SQLite file)")
    parser.add_argument("--output", type=Path, default=RESULTS / "soak.md")
    args = parser.parse_args(argv)
    if args.duration > 3600 or args.rate > 200:
        parser.error("bounded: at most an hour and 200 requests/s")
    result = soak(
        duration=args.duration,
        rate=args.rate,
        database_url=args.database_url,
        max_growth_mb=args.max_growth_mb,
        keep=args.keep,
    )
    print(json.dumps(result, indent=2, ensure_ascii=False))
    write_markdown(result, args.output)
    return 0 if result["held"] else 1


if __name__ == "__main__":
    sys.exit(main())
