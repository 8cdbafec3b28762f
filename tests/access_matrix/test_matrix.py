"""The authorization matrix: every URL that touches person data, for every kind of viewer.

Each app adds a module beside this one (`tests/access_matrix/<app>.py`) with `MATRIX`,
optionally `WITHOUT_PERSON_DATA`, and a `fixtures(world)` that creates the records its rows
name. A URL pattern that no module lists fails the test, so a new page cannot arrive without
its rows. Viewers are described in rows.py.
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests.access_matrix as package
from tests.access_matrix.rows import VIEWERS

MODULES = [
    importlib.import_module(f"{package.__name__}.{m.name}")
    for m in pkgutil.iter_modules(package.__path__)
    if m.name not in {"rows", "test_matrix"}
]
MATRIX = {name: row for module in MODULES for name, row in module.MATRIX.items()}
WITHOUT_PERSON_DATA = set().union(*(getattr(module, "WITHOUT_PERSON_DATA", set()) for module in MODULES))


def _all_url_names(resolver=None, namespace="") -> set[str]:
    names = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names |= _all_url_names(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(f"{namespace}{entry.name}")
    return names


def test_every_url_is_in_the_matrix():
    names = {n for n in _all_url_names() if not n.startswith("admin:")}
    unknown = names - set(MATRIX) - WITHOUT_PERSON_DATA
    assert not unknown, f"add these URLs to the access matrix: {sorted(unknown)}"
    assert not set(MATRIX) - names, "the matrix names URLs that no longer exist"


@pytest.fixture
def fixtures(world):
    made = {}
    for module in MODULES:
        if hasattr(module, "fixtures"):
            made.update(module.fixtures(world))
    return made


@pytest.mark.parametrize("name", sorted(MATRIX))
@pytest.mark.parametrize("viewer", VIEWERS)
def test_matrix(world, fixtures, client, name, viewer):
    row = MATRIX[name]
    user = getattr(world, viewer.rstrip("!"))
    if viewer == "tor":
        # Tor without the glass: his break-the-glass belongs to "tor!" only.
        from lots.access.models import BreakGlass

        BreakGlass.objects.filter(user=user).delete()
    client.force_login(user)
    url = reverse(name, args=row.args(world, fixtures))
    response = getattr(client, row.method)(url)
    expected = 200 if viewer in row.allowed else row.denied_status
    assert response.status_code == expected, f"{viewer} on {name}"
    body = (b"".join(response.streaming_content) if response.streaming else response.content).decode(errors="replace")
    if row.shows is not None:
        sees = row.sees if row.sees is not None else row.allowed
        assert (row.shows(world) in body) == (viewer in sees), f"{viewer} on {name}: content"
    assert world.saga.street_address not in body or viewer == "rita"
    if response.status_code == 200:
        assert response["Cache-Control"] == "no-store"
