"""The shape of a row of the access matrix, and the viewers it speaks of.

Viewers (see `world` in conftest.py):
  kim, mona    school, assigned to Elin            rita   school, manager of the unit
  tor          school, same domain, not assigned   tor!   tor after breaking the glass for Elin
  bo           BUP, assigned to Elin in BUP        berit  BUP, not assigned
  sam          social services, assigned to Elin   ada    the log auditor
  rut          social services' reception, assigned to no one
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

VIEWERS = ["kim", "mona", "rita", "tor", "tor!", "bo", "berit", "sam", "ada", "rut"]
EVERYONE = frozenset(VIEWERS)
KNOW_ELIN = frozenset({"kim", "mona", "rita", "tor!", "bo", "sam"})


@dataclass(frozen=True)
class Row:
    """One URL: how to build it, who gets 200, what the others get, what only some may see."""

    args: Callable  # (world, fixtures) -> list of URL arguments
    allowed: frozenset[str]
    method: str = "get"
    denied_status: int = 404
    shows: Callable | None = None  # (world) -> text that only the viewers in `sees` may see
    sees: frozenset[str] | None = None  # default: the allowed viewers


def elin(world, fixtures) -> list:
    return [world.elin.pk]
