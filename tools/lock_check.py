"""Does requirements.lock agree with pyproject.toml? (`make check`, and the suite.)

The install takes the lock as it is (`pip install --require-hashes --no-deps`, then `pip check`),
resolving nothing, so the lock itself must be the whole, consistent answer to pyproject.toml:

- every requirement of pyproject.toml (its dependencies and its `dev` extra) is pinned, at a
  version its specifier allows;
- every requirement of a pinned package (with the extras asked of it, on this platform) is
  pinned too, at a version that requirement allows: nothing is left for pip to resolve;
- nothing is pinned that no requirement reaches (a stale pin).

The pinned packages' own requirements are read from their metadata as installed in this
environment, which `make` installed from the same lock (a pin installed at another version is
a disagreement too).

    python -m tools.lock_check          # exit 1 with one line per disagreement
"""

from __future__ import annotations

import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s\\;]+)", re.MULTILINE)
# pip-compile --allow-unsafe pins these; nothing requires them at run time.
INSTALLERS = {"pip", "setuptools", "wheel"}


def read_pins(lock_text: str) -> dict[str, Version]:
    return {canonicalize_name(name): Version(version) for name, version in PIN.findall(lock_text)}


def read_roots(pyproject_text: str) -> list[Requirement]:
    project = tomllib.loads(pyproject_text)["project"]
    declared = project["dependencies"] + project.get("optional-dependencies", {}).get("dev", [])
    return [Requirement(text) for text in declared]


def _requirements_of(name: str, extras: frozenset[str]) -> list[Requirement]:
    wanted = []
    for text in metadata.requires(name) or []:
        requirement = Requirement(text)
        marker = requirement.marker
        if marker is None or any(marker.evaluate({"extra": extra}) for extra in {"", *extras}):
            wanted.append(requirement)
    return wanted


def disagreements(pins: dict[str, Version], roots: list[Requirement]) -> list[str]:
    """Every way the lock fails to be the closed, exact answer to `roots` (empty when it is)."""
    problems: list[str] = []
    reached: set[str] = set()
    seen: set[tuple[str, frozenset[str]]] = set()
    queue: list[tuple[Requirement, str]] = [
        (requirement, "pyproject.toml")
        for requirement in roots
        if requirement.marker is None or requirement.marker.evaluate({"extra": ""})
    ]
    while queue:
        requirement, wanted_by = queue.pop()
        name = canonicalize_name(requirement.name)
        pinned = pins.get(name)
        if pinned is None:
            problems.append(f"{requirement} (wanted by {wanted_by}) is not pinned in the lock")
            continue
        if not requirement.specifier.contains(pinned, prereleases=True):
            problems.append(f"{name}=={pinned} does not satisfy {requirement} (wanted by {wanted_by})")
        reached.add(name)
        key = (name, frozenset(requirement.extras))
        if key in seen:
            continue
        seen.add(key)
        try:
            installed = Version(metadata.version(name))
        except metadata.PackageNotFoundError:
            problems.append(f"{name} is pinned but not installed: run make install")
            continue
        if installed != pinned:
            problems.append(f"{name} is pinned at {pinned} but {installed} is installed: run make install")
            continue
        queue.extend((child, name) for child in _requirements_of(name, key[1]))
    for name in sorted(set(pins) - reached - INSTALLERS):
        problems.append(f"{name}=={pins[name]} is pinned but nothing in pyproject.toml requires it")
    return problems


def main() -> int:
    pins = read_pins((ROOT / "requirements.lock").read_text())
    roots = read_roots((ROOT / "pyproject.toml").read_text())
    problems = disagreements(pins, roots)
    for problem in problems:
        print(f"lock: {problem}", file=sys.stderr)
    if problems:
        print("requirements.lock and pyproject.toml disagree: run `make lock`.", file=sys.stderr)
        return 1
    print(f"requirements.lock agrees with pyproject.toml ({len(pins)} pins).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
