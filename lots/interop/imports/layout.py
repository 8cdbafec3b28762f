"""The column layout of a pupil file from the school administration system, and reading it.

One row per pupil; the first row holds the headings (any order, case and spaces ignored):

    personnummer        the pupil's personnummer or samordningsnummer (required)
    fornamn, efternamn  the pupil's names (required)
    skolenhetskod       Skolverket's school unit code of the pupil's school (optional)
    arskurs             school year, as the school writes it: "F", "7", "Gy2" (optional)
    klass               the pupil's class: "7B" (optional)
    mentor, mentor2, mentor3
                        the pupil's mentors, each by e-mail address or user id; several in one
                        cell separated by commas (optional). A file with a mentor column is the
                        school's whole register: Lots' mentor assignments are made to agree with
                        it, and a pupil of the school not in it has left (lots.children.mentors).
    vh1_personnummer, vh1_fornamn, vh1_efternamn, vh1_vardnad
    vh2_personnummer, vh2_fornamn, vh2_efternamn, vh2_vardnad
                        guardians, as the school's system exports them: accepted and not read.
                        Who has custody comes from the population register (or an
                        administrator's logged decision), never from a school's file.

Every row is checked before anything is written; each wrong row is reported by its number in
the spreadsheet (the headings are row 1), and a file with any wrong row imports nothing.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from lots.children.mentors import PupilMentors
from lots.children.services import ChildRecord
from lots.core import spreadsheets
from lots.core.spreadsheets import RowError
from lots.organisations.selectors import school_units_by_code
from lots.people.identity import parse_identity_number

CHILD_COLUMNS = ("personnummer", "fornamn", "efternamn", "skolenhetskod", "arskurs", "klass")
MENTOR_COLUMNS = ("mentor", "mentor2", "mentor3")
MAX_CLASS_LENGTH = 20
GUARDIAN_COLUMNS = ("personnummer", "fornamn", "efternamn", "vardnad")
GUARDIANS = ("vh1", "vh2")
COLUMNS = CHILD_COLUMNS + MENTOR_COLUMNS + tuple(f"{g}_{c}" for g in GUARDIANS for c in GUARDIAN_COLUMNS)
REQUIRED = ("personnummer", "fornamn", "efternamn")


def _refuse(message: str) -> ValidationError:
    return ValidationError({"file": message}, code="layout")


def read_rows(data: bytes, kind: str) -> spreadsheets.Rows:
    """The rows of the file with content, the headings first: (row number, cells as text)."""
    try:
        rows = spreadsheets.read(data, kind)
    except ValidationError as error:
        raise _refuse(error.messages[0]) from None
    if len(rows) < 2:
        raise _refuse(_("The file has no rows of pupils under the headings."))
    return rows


def _identity(value: str, what: str, errors: list[str]):
    try:
        return parse_identity_number(value)
    except ValidationError as error:
        if error.code == "checksum":
            errors.append(_("%(what)s has a wrong check digit") % {"what": what})
        else:
            errors.append(_("%(what)s is not valid: %(reason)s") % {"what": what, "reason": error.messages[0]})
        return None


def headings_of(rows: spreadsheets.Rows) -> list[str]:
    return [h.strip().lower().replace(" ", "") for h in rows[0][1]]


def names_mentors(rows: spreadsheets.Rows) -> bool:
    """Whether the file has a mentor column: then it is the school's whole register of mentors."""
    return any(h in MENTOR_COLUMNS for h in headings_of(rows))


def mentors(rows: spreadsheets.Rows, found: list[ChildRecord]) -> list[PupilMentors]:
    """The mentors of each pupil of the file (the rows `records` found), as written."""
    headings = headings_of(rows)
    cells_of = {number: dict(zip(headings, row, strict=False)) for number, row in rows[1:]}
    return [
        PupilMentors(
            row=record.row,
            identity_number=record.identity_number.digits,
            mentors=tuple(
                dict.fromkeys(
                    written
                    for column in MENTOR_COLUMNS
                    for written in re.split(r"[,;\s]+", cells_of[record.row].get(column, ""))
                    if written
                )
            ),
        )
        for record in found
    ]


def records(rows: spreadsheets.Rows) -> tuple[list[ChildRecord], list[RowError]]:
    """The pupils of the file, or the errors of every wrong row."""
    headings = headings_of(rows)
    missing = [c for c in REQUIRED if c not in headings]
    if missing:
        raise _refuse(_("The file lacks the column(s): %(columns)s.") % {"columns": ", ".join(missing)})
    unknown = [h for h in headings if h and h not in COLUMNS]
    if unknown:
        raise _refuse(_("Unknown column(s): %(columns)s.") % {"columns": ", ".join(unknown)})
    table = [(number, dict(zip(headings, row, strict=False))) for number, row in rows[1:]]
    # Only the codes written: many units (not schools) have none, and "" must not find one of them.
    units = school_units_by_code(code for _n, cells in table if (code := cells.get("skolenhetskod", "")))
    found, errors, seen = [], [], {}
    for number, cells in table:
        problems: list[str] = []
        child_number = _identity(cells.get("personnummer", ""), _("the identity number"), problems)
        if not cells.get("fornamn") or not cells.get("efternamn"):
            problems.append(_("give the pupil's first and last name"))
        code = cells.get("skolenhetskod", "")
        if code and code not in units:
            problems.append(_("no school in Lots has the school unit code %(code)s") % {"code": code})
        if len(cells.get("klass", "").strip()) > MAX_CLASS_LENGTH:
            problems.append(_("the class is longer than %(n)d characters") % {"n": MAX_CLASS_LENGTH})
        if child_number is not None and child_number.digits in seen:
            problems.append(_("the pupil is already on row %(row)d") % {"row": seen[child_number.digits]})
        elif child_number is not None:
            seen[child_number.digits] = number
        if problems:
            errors.extend(RowError(number, problem) for problem in problems)
            continue
        found.append(
            ChildRecord(
                row=number,
                identity_number=child_number,
                first_name=cells["fornamn"],
                last_name=cells["efternamn"],
                school_unit=units[code] if code else None,
                school_year=cells.get("arskurs", ""),
                school_class=cells.get("klass", ""),
            )
        )
    return found, errors
