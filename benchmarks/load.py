"""Requests over real HTTP: sessions for the acting users, a sequential client that reads the
server's own timing, and wrk for requests per second at 1 and 8 concurrent clients.

Every loop is bounded in count and in time, and only ever talks to the loopback address.
"""

from __future__ import annotations

import http.client
import re
import shutil
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret

from benchmarks.pages import Request
from lots.organisations.models import User
from lots.organisations.services import OTP_SESSION_KEY

HOST = "127.0.0.1"
_TIMING = re.compile(r"(\w+);(?:dur=([\d.]+)|desc=\"?(\d+)\"?)")


@dataclass
class Prepared:
    """One request as bytes on the wire: method, path, headers and body."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes


def session_cookie(username: str) -> str:
    """A signed-in session for the user, as the login view would make it (no password round trip)."""
    user = User.objects.get(username=username)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[OTP_SESSION_KEY] = False
    store.create()
    return store.session_key


def prepare(request: Request, sessions: dict[str, str]) -> Prepared:
    headers = {"Host": HOST, "User-Agent": "lots-bench"}
    cookies = []
    if request.user:
        if request.user not in sessions:
            sessions[request.user] = session_cookie(request.user)
        cookies.append(f"{settings.SESSION_COOKIE_NAME}={sessions[request.user]}")
    if request.bearer:
        headers["Authorization"] = f"Bearer {request.bearer}"
    body = b""
    if request.method == "POST":
        secret = _get_new_csrf_string()
        cookies.append(f"{settings.CSRF_COOKIE_NAME}={secret}")
        body = urlencode({**request.data, "csrfmiddlewaretoken": _mask_cipher_secret(secret)}).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    if cookies:
        headers["Cookie"] = "; ".join(cookies)
    return Prepared(request.method, request.path, headers, body)


def parse_server_timing(value: str) -> dict[str, float]:
    found = {}
    for name, duration, description in _TIMING.findall(value or ""):
        found[name] = float(duration) if duration else float(description)
    return found


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


#: Requests before timing: each gunicorn worker prepares a statement at its fifth use on its own
#: connection (decision 0006), so 4 workers need 20 uses of a page's statements; twice that.
WARMUP = 40


class _Sampler:
    """One keep-alive client of one server: sends a request and keeps what the server said of it."""

    def __init__(self, port: int):
        self.port = port
        self.connection = http.client.HTTPConnection(HOST, port, timeout=30)
        self.server: list[float] = []
        self.cpu: list[float] = []
        self.database: list[float] = []
        self.queries: list[float] = []
        self.client: list[float] = []
        self.statuses: dict[int, int] = {}

    def _reconnect(self) -> None:
        self.connection.close()
        self.connection = http.client.HTTPConnection(HOST, self.port, timeout=30)

    def send(self, prepared: Prepared, *, keep: bool) -> None:
        started = time.perf_counter()
        try:
            self.connection.request(
                prepared.method, prepared.path, body=prepared.body or None, headers=prepared.headers
            )
            response = self.connection.getresponse()
            response.read()
        except (http.client.HTTPException, ConnectionError):
            self._reconnect()
            return
        elapsed = (time.perf_counter() - started) * 1000
        if response.getheader("Connection", "").lower() == "close":
            self._reconnect()
        if not keep:
            return
        self.statuses[response.status] = self.statuses.get(response.status, 0) + 1
        timing = parse_server_timing(response.getheader("Server-Timing", ""))
        self.server.append(timing.get("app", float("nan")))
        self.cpu.append(timing.get("cpu", float("nan")))
        self.database.append(timing.get("db", float("nan")))
        self.queries.append(timing.get("queries", float("nan")))
        self.client.append(elapsed)

    def summary(self) -> dict:
        self.connection.close()
        server, cpu, queries = self.server, self.cpu, self.queries
        return {
            "requests": len(server),
            "statuses": self.statuses,
            "server_median_ms": statistics.median(server) if server else None,
            "server_p95_ms": percentile(server, 0.95),
            "cpu_median_ms": statistics.median(cpu) if cpu else None,
            "cpu_p95_ms": percentile(cpu, 0.95),
            "db_median_ms": statistics.median(self.database) if self.database else None,
            "client_median_ms": statistics.median(self.client) if self.client else None,
            "queries": max(queries) if queries else None,
            "queries_min": min(queries) if queries else None,
        }


def sequential(port: int, prepared: Prepared, *, count: int, warmup: int = WARMUP, max_seconds: float = 60) -> dict:
    """One client, one request at a time: the server's own time per request, its database time
    and queries, and the time seen by the client."""
    return interleaved({"": port}, prepared, count=count, warmup=warmup, max_seconds=max_seconds)[""]


def interleaved(
    ports: dict[str, int], prepared: Prepared, *, count: int, warmup: int = WARMUP, max_seconds: float = 60
) -> dict[str, dict]:
    """The same request to several servers in turn, one at a time: each server's figures as
    `sequential` gives them, measured under the same conditions (a slower minute of the machine
    falls on every server alike, not on the one measured then)."""
    samplers = {name: _Sampler(port) for name, port in ports.items()}
    deadline = time.monotonic() + max_seconds * len(samplers)
    warm_until = time.monotonic() + max_seconds * len(samplers) / 2  # a page of seconds is measured too
    for n in range(warmup + count):
        if time.monotonic() > deadline:
            break
        if n < warmup and time.monotonic() > warm_until:
            warmup = n
        for sampler in samplers.values():
            sampler.send(prepared, keep=n >= warmup)
    return {name: sampler.summary() for name, sampler in samplers.items()}


WRK_SCRIPT = """
wrk.method = {method!r}
wrk.body = {body!r}
{headers}
"""


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def throughput(port: int, prepared: Prepared, *, clients: int, seconds: int) -> dict:
    """Requests per second with `clients` connections for `seconds` (wrk; bounded by its -d)."""
    if not wrk_available():
        return {"clients": clients, "error": "wrk is not installed"}
    headers = "\n".join(f"wrk.headers[{k!r}] = {v!r}" for k, v in prepared.headers.items() if k != "Host")
    script = WRK_SCRIPT.format(method=prepared.method, body=prepared.body.decode(), headers=headers)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    try:
        result = subprocess.run(  # noqa: S603 (our own arguments)
            [
                shutil.which("wrk"),
                f"-t{min(clients, 2)}",
                f"-c{clients}",
                f"-d{seconds}s",
                "--timeout",
                "10s",
                "--latency",
                "-s",
                handle.name,
                f"http://{HOST}:{port}{prepared.path}",
            ],
            capture_output=True,
            text=True,
            timeout=seconds + 30,
            check=False,
        )
    finally:
        Path(handle.name).unlink(missing_ok=True)
    out = result.stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    total = re.search(r"(\d+) requests in", out)
    latency = {p: _ms(m.group(1)) for p in ("50", "90", "99") if (m := re.search(rf"^\s+{p}%\s+(\S+)", out, re.M))}
    return {
        "clients": clients,
        "rps": float(rps.group(1)) if rps else None,
        "requests": int(total.group(1)) if total else 0,
        "non_2xx": int(bad.group(1)) if bad else 0,
        "latency_ms": latency,
    }


def _ms(text: str) -> float:
    number = float(re.match(r"[\d.]+", text).group(0))
    if text.endswith("us"):
        return number / 1000
    if text.endswith("ms"):
        return number
    if text.endswith("s"):
        return number * 1000
    return number
