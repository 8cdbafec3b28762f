"""The lock is the whole, exact answer to pyproject.toml (issue 18): tools.lock_check."""

from pathlib import Path

from packaging.requirements import Requirement
from packaging.version import Version

from tools.lock_check import ROOT, disagreements, read_pins, read_roots


def _lock_and_roots():
    return read_pins((ROOT / "requirements.lock").read_text()), read_roots((ROOT / "pyproject.toml").read_text())


def test_the_committed_lock_agrees_with_pyproject():
    pins, roots = _lock_and_roots()
    assert disagreements(pins, roots) == []


def test_a_new_requirement_that_the_lock_lacks_is_named():
    pins, roots = _lock_and_roots()
    problems = disagreements(pins, [*roots, Requirement("left-pad-for-python>=1")])
    assert problems == ["left-pad-for-python>=1 (wanted by pyproject.toml) is not pinned in the lock"]


def test_a_pin_outside_the_declared_range_is_named():
    pins, roots = _lock_and_roots()
    roots = [Requirement("Django>=6.0") if r.name == "Django" else r for r in roots]
    assert any(p.startswith("django==5.2") and "Django>=6.0" in p for p in disagreements(pins, roots))


def test_an_unpinned_requirement_of_a_pinned_package_is_named():
    """What the fonttools[woff] break was: a package's own requirement left for pip to resolve."""
    pins, roots = _lock_and_roots()
    del pins["sqlparse"]
    assert any(p.startswith("sqlparse") and "wanted by django" in p for p in disagreements(pins, roots))


def test_the_extras_a_package_is_asked_for_are_followed():
    pins, roots = _lock_and_roots()
    del pins["zopfli"]
    assert any(p.startswith("zopfli") and "wanted by fonttools" in p for p in disagreements(pins, roots))


def test_a_stale_pin_is_named():
    pins, roots = _lock_and_roots()
    pins["left-pad-for-python"] = Version("1.0")
    assert disagreements(pins, roots) == [
        "left-pad-for-python==1.0 is pinned but nothing in pyproject.toml requires it"
    ]


def test_the_lock_names_no_machine_paths():
    """The lock is installed on any machine: index and wheel locations come from pip's own configuration."""
    text = Path(ROOT / "requirements.lock").read_text()
    assert "--extra-index-url" not in text and "--find-links" not in text and "file://" not in text
