"""Import and export of the catalogue as CSV or Excel, so a municipality can load what it
already keeps in a spreadsheet. An import is all or nothing: every row is checked first, each
bad row is reported with its row number and reason, and only a file without errors is written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lots.catalogue import permissions, services
from lots.catalogue.choices import AccessRoute, Change, language_code
from lots.catalogue.models import Intervention, NeedTag
from lots.core import spreadsheets
from lots.core.spreadsheets import RowError
from lots.organisations.actor import Actor
from lots.organisations.models import Agency, Unit

#: (column, field) in the order of the export; the import reads the same headings.
COLUMNS = [
    ("id", "id"),
    ("huvudman", "principal"),
    ("verksamhet", "agency"),
    ("enhet", "unit"),
    ("namn", "name"),
    ("namn_en", "name_en"),
    ("beskrivning", "summary"),
    ("beskrivning_en", "summary_en"),
    ("beskrivning_for_personal", "professional_description"),
    ("behov", "needs"),
    ("alder_fran", "age_min"),
    ("alder_till", "age_max"),
    ("vag_in", "access_route"),
    ("sa_far_du_insatsen", "how_to_get"),
    ("sa_far_du_insatsen_en", "how_to_get_en"),
    ("lagrum", "legal_basis"),
    ("kostnad", "cost"),
    ("vantetid", "waiting_time"),
    ("kapacitet", "capacity"),
    ("plats_och_tid", "where_and_when"),
    ("kontakt", "contact"),
    ("sprak", "languages"),
    ("publicerad", "published"),
    ("erbjuds", "active"),
]
REQUIRED_COLUMNS = {"verksamhet", "namn", "beskrivning", "vag_in"}
MAX_ROWS = 5000
YES = {"ja", "j", "yes", "y", "1", "sant", "true", "x"}
NO = {"nej", "n", "no", "0", "falskt", "false", ""}


class ImportFailed(Exception):
    """The file was not imported; `errors` says why, row by row."""

    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


@dataclass(frozen=True)
class ImportSummary:
    created: int
    updated: int


# Reading ---------------------------------------------------------------------------------------


def _unescape(value: str) -> str:
    return value[1:] if value.startswith("'") and spreadsheets.runs_as_formula(value[1:]) else value


def read_rows(name: str, content: bytes) -> list[tuple[int, dict[str, str]]]:
    """(row number as the spreadsheet shows it, {column: text}) for each non-empty row."""
    kind = spreadsheets.XLSX if name.lower().endswith(".xlsx") else spreadsheets.CSV
    try:
        table = spreadsheets.read(content, kind, max_rows=MAX_ROWS)
    except ValidationError as error:
        raise ImportFailed([RowError(1, error.messages[0])]) from None
    if not table:
        raise ImportFailed([RowError(1, _("The file is empty."))])
    header = [cell.lower() for cell in table[0][1]]
    missing = sorted(REQUIRED_COLUMNS - set(header))
    if missing:
        raise ImportFailed([RowError(1, _("Columns missing: %(columns)s.") % {"columns": ", ".join(missing)})])
    known = {column for column, _field in COLUMNS}
    unknown = [h for h in header if h and h not in known]
    if unknown:
        raise ImportFailed([RowError(1, _("Unknown columns: %(columns)s.") % {"columns": ", ".join(unknown)})])
    rows = [
        (number, {h: _unescape(cell) for h, cell in zip(header, cells, strict=False) if h})
        for number, cells in table[1:]
    ]
    return [(number, values) for number, values in rows if any(values.values())]


# Checking --------------------------------------------------------------------------------------


@dataclass
class _Planned:
    row: int
    agency: Agency
    data: dict
    existing: Intervention | None


class _Lookups:
    """Everything rows refer to, loaded once for the whole file."""

    def __init__(self, actor: Actor):
        self.agencies = list(permissions.editable_agencies(actor))
        self.units = {(u.agency_id, u.name.lower()): u for u in Unit.objects.filter(agency__in=self.agencies)}
        tags = list(NeedTag.objects.all())
        self.needs = {t.slug.lower(): t for t in tags} | {t.name.lower(): t for t in tags}
        self.needs |= {t.name_en.lower(): t for t in tags if t.name_en}
        self.routes = {value: value for value in AccessRoute.values} | {
            str(label).lower(): value for value, label in AccessRoute.choices
        }
        self.entries = {
            e.pk: e for e in Intervention.objects.filter(agency__in=self.agencies).select_related("agency", "unit")
        }
        self.by_name = {(e.agency_id, e.name.lower()): e for e in self.entries.values()}

    def agency(self, principal: str, name: str) -> list[Agency]:
        return [
            a
            for a in self.agencies
            if a.name.lower() == name.lower() and (not principal or a.principal.name.lower() == principal.lower())
        ]


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.replace(",", ";").split(";") if part.strip()]


def _plan_row(number: int, values: dict[str, str], look: _Lookups) -> tuple[_Planned | None, list[str]]:
    problems: list[str] = []
    matches = look.agency(values.get("huvudman", ""), values.get("verksamhet", ""))
    if not matches:
        return None, [
            _("the agency “%(name)s” is unknown or not yours to edit") % {"name": values.get("verksamhet", "")}
        ]
    if len(matches) > 1:
        return None, [_("several agencies are called “%(name)s”: fill in the principal") % {"name": matches[0].name}]
    agency = matches[0]
    data: dict = {}
    for column, field in COLUMNS:
        if column in values and field in services.FIELDS and field not in {"unit", "needs", "languages"}:
            data[field] = values[column]
    unit_name = values.get("enhet", "")
    data["unit"] = look.units.get((agency.pk, unit_name.lower())) if unit_name else None
    if unit_name and data["unit"] is None:
        problems.append(_("the unit “%(name)s” is not part of the agency") % {"name": unit_name})
    needs = []
    for part in _split(values.get("behov", "")):
        tag = look.needs.get(part.lower())
        if tag is None:
            problems.append(_("the need “%(name)s” is not in the vocabulary") % {"name": part})
        else:
            needs.append(tag)
    data["needs"] = needs
    languages = []
    for part in _split(values.get("sprak", "")):
        code = language_code(part)
        if code is None:
            problems.append(_("the language “%(name)s” is unknown") % {"name": part})
        else:
            languages.append(code)
    data["languages"] = languages
    route = values.get("vag_in", "").strip()
    data["access_route"] = look.routes.get(route.lower(), route)
    for column, field, default in (("alder_fran", "age_min", 0), ("alder_till", "age_max", 20)):
        text = values.get(column, "").strip()
        try:
            data[field] = int(text) if text else default
        except ValueError:
            problems.append(_("%(column)s must be a whole number") % {"column": column})
            data[field] = default
    for column, field, default in (("publicerad", "published", False), ("erbjuds", "active", True)):
        text = values.get(column, "").strip().lower()
        if text in YES:
            data[field] = True
        elif text in NO:
            data[field] = default if not text else False
        else:
            problems.append(_("%(column)s must be ja or nej") % {"column": column})
    existing = None
    entry_id = values.get("id", "").strip()
    if entry_id:
        existing = look.entries.get(int(entry_id)) if entry_id.isdigit() else None
        if existing is None or existing.agency_id != agency.pk:
            problems.append(_("there is no entry %(id)s of this agency to update") % {"id": entry_id})
    else:
        existing = look.by_name.get((agency.pk, values.get("namn", "").strip().lower()))
    return _Planned(number, agency, data, existing), problems


def _check(rows: list[tuple[int, dict[str, str]]], look: _Lookups) -> tuple[list[_Planned], list[RowError]]:
    planned, errors, seen = [], [], {}
    for number, values in rows:
        plan, problems = _plan_row(number, values, look)
        if plan is not None:
            key = (plan.agency.pk, str(plan.data.get("name", "")).strip().lower())
            if key in seen:
                problems.append(_("the same entry as row %(row)d") % {"row": seen[key]})
            seen.setdefault(key, number)
            if not problems:
                try:
                    services.validate(agency=plan.agency, data=plan.data, instance=plan.existing)
                except ValidationError as error:
                    problems += [_describe(field, messages) for field, messages in error.message_dict.items()]
        errors += [RowError(number, problem) for problem in problems]
        if plan is not None and not problems:
            planned.append(plan)
    return planned, errors


def _describe(field: str, messages: list[str]) -> str:
    column = next((c for c, f in COLUMNS if f == field), field)
    return f"{column}: {' '.join(messages)}"


@transaction.atomic
def import_file(*, actor: Actor, name: str, content: bytes) -> ImportSummary:
    """Import a CSV or XLSX file of entries: all rows or none. Raises ImportFailed with every
    bad row; a row may only touch an agency whose entries the actor keeps."""
    if not permissions.is_editor(actor):
        raise PermissionDenied(_("You do not keep any agency's entries in the catalogue."))
    rows = read_rows(name, content)
    look = _Lookups(actor)
    planned, errors = _check(rows, look)
    if errors:
        raise ImportFailed(errors)
    created = updated = 0
    for plan in planned:
        try:
            if plan.existing is None:
                services.create_intervention(actor=actor, agency=plan.agency, data=plan.data, change=Change.IMPORTED)
                created += 1
            else:
                services.update_intervention(
                    actor=actor,
                    intervention=plan.existing,
                    data=plan.data,
                    expected_version=plan.existing.version,
                    change=Change.IMPORTED,
                )
                updated += 1
        except ValidationError as error:
            transaction.set_rollback(True)
            raise ImportFailed([RowError(plan.row, _describe(f, m)) for f, m in error.message_dict.items()]) from error
    return ImportSummary(created=created, updated=updated)


# Writing ---------------------------------------------------------------------------------------


def _escape(value: str) -> str:
    """Text that a spreadsheet would run as a formula is kept as text."""
    return spreadsheets.neutralise(value)


def export_rows(entries: Iterable[Intervention]) -> list[list]:
    rows = [[column for column, _field in COLUMNS]]
    for entry in entries:
        row = []
        for _column, field in COLUMNS:
            if field == "id":
                row.append(entry.pk)
            elif field == "principal":
                row.append(_escape(entry.agency.principal.name))
            elif field == "agency":
                row.append(_escape(entry.agency.name))
            elif field == "unit":
                row.append(_escape(entry.unit.name if entry.unit_id else ""))
            elif field == "needs":
                row.append("; ".join(tag.slug for tag in entry.needs.all()))
            elif field == "languages":
                row.append("; ".join(entry.language_codes))
            elif field in {"published", "active"}:
                row.append("ja" if getattr(entry, field) else "nej")
            elif field in {"age_min", "age_max"}:
                row.append(getattr(entry, field))
            else:
                row.append(_escape(getattr(entry, field)))
        rows.append(row)
    return rows


def to_csv(rows: list[list]) -> bytes:
    return spreadsheets.to_csv(rows)


def to_xlsx(rows: list[list]) -> bytes:
    return spreadsheets.to_xlsx(rows, sheet="Insatser")
