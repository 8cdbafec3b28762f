"""The columns of an absence file from the school administration system, and reading it.

One row per lesson (or per day) and pupil; the first row holds the headings, in any order (case,
spaces, hyphens and å ä ö are not told apart: `Frånvaro minuter` is `franvaro_minuter`):

    personnummer              the pupil's personnummer or samordningsnummer (required)
    datum                     the day, YYYY-MM-DD (required)
    lektion                   the lesson as the school names it, e.g. "08:15" or "MA1 08:15"
                              (optional: without it the row is the whole day)
    schemalagda_minuter       minutes the pupil was scheduled (required)
    franvaro_minuter, giltig  minutes absent, and whether the absence was valid (ja/nej) …
    giltig_franvaro_minuter, ogiltig_franvaro_minuter
                              … or valid and invalid minutes in two columns
    skolenhetskod             the school's unit code (optional; if given, the importer's school)

Other columns (names, class, teacher) may be in the file and are not read. Every row is checked;
a wrong row is reported by its number in the spreadsheet (the headings are row 1).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from lots.core import spreadsheets, uploads
from lots.core.spreadsheets import RowError
from lots.people.identity import parse_identity_number

REQUIRED = ("personnummer", "datum", "schemalagda_minuter")
ONE_COLUMN = ("franvaro_minuter", "giltig")
TWO_COLUMNS = ("giltig_franvaro_minuter", "ogiltig_franvaro_minuter")
OPTIONAL = ("lektion", "skolenhetskod")
COLUMNS = REQUIRED + ONE_COLUMN + TWO_COLUMNS + OPTIONAL
ALIASES = {"schemalagd_tid": "schemalagda_minuter", "franvaro": "franvaro_minuter", "lektion_id": "lektion"}
YES = frozenset({"ja", "j", "1", "giltig", "sant", "true", "yes"})
NO = frozenset({"nej", "n", "0", "ogiltig", "falskt", "false", "no"})
MAX_LESSON = 20
MAX_MINUTES = 24 * 60
#: Row errors kept and shown; the count of all is kept beside them.
MAX_ERRORS = 500
_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", " ": "_", "-": "_"})


def _refuse(message: str) -> ValidationError:
    return ValidationError({"file": message}, code="layout")


def heading(text: str) -> str:
    name = text.strip().lower().translate(_FOLD)
    return ALIASES.get(name, name)


def file_kind(data: bytes) -> str:
    """CSV or XLSX, from the bytes (never the name): the shared judgement of every importer, with
    Windows-1252 text allowed (the school systems' older exports)."""
    return uploads.kind_of(data, frozenset({uploads.CSV, uploads.XLSX}), utf8_only=False)


@dataclass
class Parsed:
    """The rows of a file, checked one by one: ready to stage, or the errors found."""

    rows: list[tuple] = field(default_factory=list)  # (row, digits, day, lesson, scheduled, valid, invalid)
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    school_codes: set[str] = field(default_factory=set)

    def error(self, row: int, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(RowError(row, message))


def _columns(headings: list[str]) -> dict[str, int]:
    names = [heading(h) for h in headings]
    found = {name: index for index, name in reversed(list(enumerate(names))) if name in COLUMNS}
    missing = [c for c in REQUIRED if c not in found]
    has_one = all(c in found for c in ONE_COLUMN)
    has_two = all(c in found for c in TWO_COLUMNS)
    if not (has_one or has_two):
        missing.append(_("franvaro_minuter and giltig, or giltig_franvaro_minuter and ogiltig_franvaro_minuter"))
    if missing:
        raise _refuse(_("The file lacks the column(s): %(columns)s.") % {"columns": ", ".join(missing)})
    if has_one and has_two:
        raise _refuse(_("Give the absence either as franvaro_minuter and giltig or in two columns, not both."))
    return found


def _minutes(value: str) -> int | None:
    if value.isdigit() and len(value) <= 4:
        return int(value)
    if value == "":
        return 0
    return None


def _day(value: str) -> dt.date | None:
    text = value[:10] if len(value) >= 10 and value[10:11] in ("", " ", "T") else value
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _judge_minutes(scheduled_text: str, a: str, b: str, *, two: bool) -> tuple:
    """(scheduled, valid, invalid, the problem or "") of a row's three minute cells."""
    scheduled = _minutes(scheduled_text)
    if two:
        valid, invalid = _minutes(a), _minutes(b)
    else:
        absent, flag = _minutes(a), b.strip().lower()
        if flag in YES:
            valid, invalid = absent, 0
        elif flag in NO or (flag == "" and absent == 0):
            valid, invalid = 0, absent
        else:
            return 0, 0, 0, _("write ja or nej in giltig")
    if scheduled is None or valid is None or invalid is None:
        return 0, 0, 0, _("minutes are whole numbers of at most four digits")
    if scheduled > MAX_MINUTES:
        return 0, 0, 0, _("more than a day's minutes are scheduled")
    if valid + invalid > scheduled:
        return 0, 0, 0, _("more minutes absent than scheduled")
    return scheduled, valid, invalid, ""


def parse(data: bytes, kind: str, *, progress: Callable[[int], None] | None = None, every: int = 50_000) -> Parsed:
    """Every row checked; `progress(rows read)` is called every `every` rows."""
    try:
        rows: Iterator[tuple[int, list[str]]] = spreadsheets.stream(
            data, kind, max_rows=settings.LOTS_ATTENDANCE_MAX_ROWS
        )
        first = next(rows, None)
    except ValidationError as error:
        raise _refuse(error.messages[0]) from None
    if first is None:
        raise _refuse(_("The file has no rows of absence under the headings."))
    col = _columns(first[1])
    parsed = Parsed()
    numbers: dict[str, str | None] = {}  # as written → 12 digits, or None (with its error)
    number_errors: dict[str, str] = {}
    days: dict[str, dt.date | None] = {}
    lessons: dict[str, str] = {}
    minutes: dict[tuple[str, str, str], tuple] = {}  # a file has few distinct (scheduled, absent, kind)
    i_number, i_day, i_scheduled = col["personnummer"], col["datum"], col["schemalagda_minuter"]
    i_lesson, i_code = col.get("lektion"), col.get("skolenhetskod")
    two = "giltig_franvaro_minuter" in col
    i_a = col["giltig_franvaro_minuter"] if two else col["franvaro_minuter"]
    i_b = col["ogiltig_franvaro_minuter"] if two else col["giltig"]
    width = max(col.values()) + 1
    count = 0
    try:
        for number, cells in rows:
            count += 1
            if progress is not None and count % every == 0:
                progress(count)
            if len(cells) < width:
                cells = cells + [""] * (width - len(cells))
            problems = []
            raw = cells[i_number]
            if raw not in numbers:
                try:
                    numbers[raw] = parse_identity_number(raw).digits
                except ValidationError as error:
                    numbers[raw] = None
                    number_errors[raw] = (
                        _("the identity number has a wrong check digit")
                        if error.code == "checksum"
                        else _("the identity number is not valid: %(reason)s") % {"reason": error.messages[0]}
                    )
            digits = numbers[raw]
            if digits is None:
                problems.append(number_errors[raw])
            raw_day = cells[i_day]
            if raw_day not in days:
                days[raw_day] = _day(raw_day)
            day = days[raw_day]
            if day is None:
                problems.append(_("the date is not a date as YYYY-MM-DD"))
            lesson = cells[i_lesson] if i_lesson is not None else ""
            if len(lesson) > MAX_LESSON:
                problems.append(_("the lesson has more than %(n)d characters") % {"n": MAX_LESSON})
            lesson = lessons.setdefault(lesson, lesson)
            key = (cells[i_scheduled], cells[i_a], cells[i_b])
            judged = minutes.get(key)
            if judged is None:
                judged = minutes[key] = _judge_minutes(*key, two=two)
            scheduled, valid, invalid, problem = judged
            if problem:
                problems.append(problem)
            if i_code is not None and cells[i_code]:
                parsed.school_codes.add(cells[i_code])
            if problems:
                for problem in problems:
                    parsed.error(number, problem)
            elif not parsed.error_count:
                parsed.rows.append((number, digits, day, lesson, scheduled, valid, invalid))
    except ValidationError as error:
        raise _refuse(error.messages[0]) from None
    if count == 0:
        raise _refuse(_("The file has no rows of absence under the headings."))
    if parsed.error_count:
        parsed.rows = []
    return parsed
