"""The pages `make bench` measures, and where each app adds its own.

An app adds one module `benchmarks/pages_<app>.py` with

- `choose(fixture: dict) -> None`: picks the ids its pages need from the generated data set
  (a SIP id, a queue, …) and puts them in `fixture` (read what the foundation put there);
- `PAGES: list[Page]`: its pages, each building its request from the fixture;

and one line in `PAGE_MODULES` below.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field

#: "one" pages are about one child or one user: their figures must stay flat as data grows.
ONE, LIST, SEARCH, PUBLIC = "one", "list", "search", "public"


@dataclass(frozen=True)
class Request:
    path: str
    user: str | None  # the username that acts (a session is made for them), None for anonymous
    method: str = "GET"
    data: dict[str, str] = field(default_factory=dict)  # form fields of a POST (CSRF is added)
    bearer: str | None = None  # an API token, sent as `Authorization: Bearer …` instead of a session


@dataclass(frozen=True)
class Page:
    name: str
    label: str
    kind: str
    build: Callable[[dict], Request]
    #: Issue 10's targets for this page (ms of server time), where it names one.
    target_median_ms: float | None = None
    target_p95_ms: float | None = None


PAGE_MODULES = [
    "benchmarks.pages_foundation",
    "benchmarks.pages_plans",  # the SIP page, "Mina SIP:ar", the SIP as a PDF
    "benchmarks.pages_intake",  # the reception queue, a concern report
    "benchmarks.pages_catalogue",  # catalogue search, staff and public
    "benchmarks.pages_routines",  # a child's journey, a routine
    "benchmarks.pages_followup",  # the dashboards and the committee report
    "benchmarks.pages_families",  # a family's engagement and contact map, a network map, the team page
    "benchmarks.pages_deviations",  # the manager's deviations, a deviation, a forum meeting
    "benchmarks.pages_attendance",  # a pupil's absence chart, the school's list over thresholds
    "benchmarks.pages_api",  # an API list endpoint, a FHIR export
    "benchmarks.pages_assignments",  # the unit manager's list of the unit's children (issue 21)
]


def modules():
    found = []
    for name in PAGE_MODULES:
        try:
            found.append(importlib.import_module(name))
        except ModuleNotFoundError as error:  # an app's module not merged yet
            if error.name != name:
                raise
    return found


def all_pages() -> list[Page]:
    return [page for module in modules() for page in module.PAGES]


def choose_fixture(names: list[str] | None = None) -> dict:
    """The ids the pages need; with `names`, only for those pages (and the foundation's, which the
    others read), so a data set generated before an app's step existed still serves the rest."""
    fixture: dict = {}
    for module in modules():
        if names is None or module.__name__ == PAGE_MODULES[0] or any(p.name in names for p in module.PAGES):
            module.choose(fixture)
    return fixture
