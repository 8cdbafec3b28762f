"""Pupil files as the school administration system writes them, for the import's tests."""

import datetime as dt
import io

from openpyxl import Workbook

from lots.people.identity import make_identity_number

HEADINGS = [
    "personnummer",
    "fornamn",
    "efternamn",
    "skolenhetskod",
    "arskurs",
    "vh1_personnummer",
    "vh1_fornamn",
    "vh1_efternamn",
    "vh1_vardnad",
    "vh2_personnummer",
    "vh2_fornamn",
    "vh2_efternamn",
    "vh2_vardnad",
]
CODE = "12345678"


def _pupils_birthday() -> dt.date:
    """Thirteen next month: a day the factories never give a child (theirs are born on a day of
    the 300 before a whole number of years back), so the file's pupils are all new to the world."""
    today = dt.date.today()
    return dt.date(today.year - 13, today.month, min(today.day, 28)) + dt.timedelta(days=30)


PUPILS_BORN = _pupils_birthday()


def pupil(serial: int, *, year="7", guardians=True, number=None) -> list[str]:
    row = [number or make_identity_number(PUPILS_BORN, serial), f"Elev{serial}", "Import", CODE, year]
    if guardians:
        row += [make_identity_number(dt.date(1980, 2, 2), serial), "Vera", f"Vårdsson{serial}", "ja"]
        row += [make_identity_number(dt.date(1981, 3, 3), serial), "Pelle", f"Pappasson{serial}", "nej"]
    else:
        row += [""] * 8
    return row


def as_csv(rows, delimiter=";") -> bytes:
    return "\n".join(delimiter.join(r) for r in [HEADINGS, *rows]).encode()


def as_xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in [HEADINGS, *rows]:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
