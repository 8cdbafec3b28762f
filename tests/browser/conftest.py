"""The browser harness: Debian's Chromium, driven by Playwright, against a real server.

A session starts Lots with gunicorn on a free loopback port, on its own SQLite file with the
demo loaded, exactly as `make run` does. Every page the tests reach through `ui` is checked
with axe-core for WCAG 2.1 A/AA, and any console error (a Content-Security-Policy refusal
included) fails the test. A failing test leaves a screenshot in test-results/.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django_otp.oath import TOTP

from demo.personas import DEMO_TOTP_KEY

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
RESULTS = ROOT / "test-results"
DEMO_PASSWORD = "demo-lots-2026"
CODE_STEP = "/konto/engangskod/"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    reason = None
    if CHROMIUM is None:
        reason = "chromium is not installed (make test installs Debian's chromium when run as root)"
    elif not AXE.exists():
        reason = "axe-core is not installed (make test runs npm ci)"
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _environment(database: Path, base_url: str) -> dict[str, str]:
    """The server's environment: its own directory and SQLite file, the demo."""
    return {
        **os.environ,
        "LOTS_VAR_DIR": str(database.parent),
        "DATABASE_URL": f"sqlite:///{database}",
        "LOTS_DEMO": "1",
        "DEBUG": "0",
        "LOTS_BASE_URL": base_url,  # the family view's development IdP is at LOTS_BASE_URL/dev-idp
    }


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """Lots on a loopback port with the demo data; yields (base_url, database path)."""
    var = tmp_path_factory.mktemp("lots-browser")
    database = var / "lots.sqlite3"
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = _environment(database, base_url)
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["load_demo"],
        ["collectstatic", "--noinput", "-v0"],
    ):
        subprocess.run(manage + command, env=env, check=True, cwd=ROOT, capture_output=True)
    log = (var / "server.log").open("w")
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "lots.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--timeout",
            "60",
        ],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    for _ in range(100):
        try:
            with urllib.request.urlopen(base_url + "/healthz", timeout=1) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.1)
    else:
        process.terminate()
        raise RuntimeError(f"Lots did not start; see {var / 'server.log'}")
    yield base_url, database
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module: Playwright's event loop ends with the module, so a database
    test that xdist runs after it on the same worker does not find a running loop."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.rep_call = report
    return report


class UI:
    """A page with the habits of the suite: axe after every navigation, no console errors."""

    WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

    def __init__(self, page, base_url: str):
        self.page = page
        self.base_url = base_url
        self.console_errors: list[str] = []
        self.checked: list[str] = []
        self._loads = 0
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        page.on("pageerror", lambda e: self.console_errors.append(str(e)))
        page.on("load", lambda: self._count_load())

    def _count_load(self):
        self._loads += 1

    def _after_navigation(self):
        self.page.wait_for_load_state("load")
        if self._loads:
            self._loads = 0
            self.assert_accessible()
        assert not self.console_errors, f"console errors on {self.page.url}: {self.console_errors}"

    def goto(self, path: str):
        self.page.goto(self.base_url + path)
        self._after_navigation()
        return self

    def click(self, name: str, *, role: str = "link"):
        self.page.get_by_role(role, name=name, exact=True).first.click()
        self._after_navigation()
        return self

    def press(self, name: str):
        return self.click(name, role="button")

    def fill(self, label: str, value: str):
        self.page.get_by_label(label, exact=True).fill(value)
        return self

    def check(self, label: str):
        self.page.get_by_label(label, exact=True).check()
        return self

    def select(self, label: str, option: str):
        self.page.get_by_label(label, exact=True).select_option(label=option)
        return self

    def sign_in(self, username: str, password: str = DEMO_PASSWORD):
        """The password, then (when asked) the one-time code of the demo's authenticator."""
        self.goto("/konto/logga-in/")
        self.fill("Användarnamn", username).fill("Lösenord", password)
        self.press("Logga in")
        if CODE_STEP in self.page.url:
            self.give_the_code()
        return self

    def give_the_code(self):
        """A code is good once: when the same person signed in during this half minute (another
        test), the code is refused and the next half minute's is given."""
        for _attempt in range(3):
            totp = TOTP(bytes.fromhex(DEMO_TOTP_KEY))
            self.fill("Kod från din autentiseringsapp", f"{totp.token():06d}").press("Fortsätt")
            if CODE_STEP not in self.page.url:
                return self
            time.sleep(31 - time.time() % 30)
        raise AssertionError("the demo's one-time code was refused three times")

    def text(self) -> str:
        return self.page.locator("main").inner_text()

    def assert_accessible(self):
        self.page.evaluate(AXE.read_text(encoding="utf-8"))
        result = self.page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
            self.WCAG_TAGS,
        )
        problems = [
            f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:5]}"
            for v in result["violations"]
        ]
        self.checked.append(self.page.url)
        assert not problems, f"WCAG 2.1 AA violations on {self.page.url}:\n" + "\n".join(problems)


@pytest.fixture
def ui(browser, server, request):
    base_url, _ = server
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    helper = UI(page, base_url)
    yield helper
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        RESULTS.mkdir(exist_ok=True)
        page.screenshot(path=str(RESULTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.fixture(scope="session")
def make(server):
    """`make("tests.browser.test_x:_build")` runs that function in the server's database, as a
    unit test makes its data with the factories, and gives back what it returns (made into JSON):
    the data a scenario needs beside the demo's. Run in a process of its own, like `manage.py`."""
    base_url, database = server

    def run(target: str) -> dict:
        module, function = target.split(":")
        code = f"import json; from {module} import {function}; print('MADE', json.dumps({function}()))"
        done = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "shell", "-c", code],
            env=_environment(database, base_url),
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
        return json.loads(next(line for line in done.stdout.splitlines() if line.startswith("MADE "))[5:])

    return run


@pytest.fixture
def database(server):
    """Read-only look into the server's database, for assertions about what was stored."""
    import sqlite3

    _, path = server
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    yield connection
    connection.close()
