"""The demo's part for interop: Skolverket's school unit codes on the demo schools, so that a
pupil file from the school administration system (docs/interop.md) can be imported in the demo."""

from __future__ import annotations

from lots.organisations.models import Unit

#: Fictional 8-digit codes (real ones are Skolverket's), by the demo's school names.
SCHOOL_UNIT_CODES = {
    "Åsens skola": "90000001",
    "Centrumskolan": "90000002",
    "Resursskolan Kompassen": "90000003",
    "Bergviks skola": "90000004",
}


def build_interop(units: dict[str, Unit]) -> None:
    for name, code in SCHOOL_UNIT_CODES.items():
        unit = units.get(name)
        if unit is not None:
            unit.school_unit_code = code
            unit.save(update_fields=["school_unit_code"])
