"""The daily scan that proposes deviations from Lots' own signals (not Django signals).

Each provider reads where work lapsed, through the owning app's public `lapses` module, and
gives `services.Signal`s; `propose_from_signals` proposes each one not proposed before (its key is
unique, so a dismissed proposal stays dismissed). Another app adds a provider with
`register_provider` in its AppConfig.ready(). "A child left without an owner"
(`Source.CHILD_UNOWNED`) is registered here too: each unit with a manager today, and the children
it holds an open matter for with nobody in the unit assigned (`assignment_selectors.ownerless_children`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from lots.access import assignment_selectors
from lots.deviations.models import Deviation, Kind, Source
from lots.deviations.services import Signal, propose, raise_overdue
from lots.intake import lapses as intake_lapses
from lots.organisations.models import Membership, Unit
from lots.organisations.roles import MANAGER_ROLES
from lots.plans import lapses as plan_lapses
from lots.routines import lapses as routine_lapses

Provider = Callable[[dt.date], Iterable[Signal]]

_PROVIDERS: dict[str, Provider] = {}


def register_provider(name: str, provider: Provider) -> None:
    """A source of signals: `provider(today)` gives the signals that hold today."""
    _PROVIDERS[name] = provider


def providers() -> dict[str, Provider]:
    return dict(_PROVIDERS)


def _signal(row: dict, *, source: str, kind: str) -> Signal:
    return Signal(
        key=row["key"],
        source=source,
        kind=kind,
        agency_id=row["agency_id"],
        unit_id=row["unit_id"],
        happened_on=row["day"],
        evidence_url=row["url"],
        child_id=row["child_id"],
        other_agency_ids=tuple(row.get("other_agency_ids", ())),
    )


def concern_reports(today: dt.date) -> Iterable[Signal]:
    for row in intake_lapses.overdue_reports(today=today):
        if row["feedback"]:
            yield _signal(row, source=Source.FEEDBACK_LATE, kind=Kind.NO_FEEDBACK)
        else:
            yield _signal(row, source=Source.REPORT_DEADLINE, kind=Kind.ROUTINE_NOT_FOLLOWED)


def help_requests(today: dt.date) -> Iterable[Signal]:
    for row in intake_lapses.unowned_requests():
        yield _signal(row, source=Source.REQUEST_UNOWNED, kind=Kind.NO_OWNER)


def sip_follow_ups(today: dt.date) -> Iterable[Signal]:
    for row in plan_lapses.follow_ups_passed(today=today):
        yield _signal(row, source=Source.SIP_FOLLOW_UP, kind=Kind.ACTION_NOT_DELIVERED)


def sip_absences(today: dt.date) -> Iterable[Signal]:
    for row in plan_lapses.repeated_absences():
        yield _signal(row, source=Source.SIP_ABSENCE, kind=Kind.MISSED_SIP)


def journey_steps(today: dt.date) -> Iterable[Signal]:
    for row in routine_lapses.steps_unowned():
        yield _signal(row, source=Source.STEP_UNOWNED, kind=Kind.NO_OWNER)


def children_unowned(today: dt.date) -> Iterable[Signal]:
    """Per unit with a manager today: each child it holds an open matter for and nobody in the
    unit is assigned to, proposed to the unit's managers (one key per unit and child)."""
    managed = Membership.objects.current(today).filter(role__in=list(MANAGER_ROLES)).values("unit_id")
    url = reverse("access:without_owner")
    for unit_id, agency_id in Unit.objects.filter(pk__in=managed).order_by("pk").values_list("pk", "agency_id"):
        for child_id in assignment_selectors.ownerless_children(unit_id).order_by("pk").values_list("pk", flat=True):
            yield Signal(
                key=f"child-{child_id}-unowned-in-unit-{unit_id}",
                source=Source.CHILD_UNOWNED,
                kind=Kind.NO_OWNER,
                agency_id=agency_id,
                unit_id=unit_id,
                happened_on=today,
                evidence_url=url,
                child_id=child_id,
            )


register_provider("concern_reports", concern_reports)
register_provider("help_requests", help_requests)
register_provider("sip_follow_ups", sip_follow_ups)
register_provider("sip_absences", sip_absences)
register_provider("journey_steps", journey_steps)
register_provider("children_unowned", children_unowned)


@dataclass
class ScanResult:
    proposed: int = 0
    overdue: int = 0


def propose_from_signals(*, today: dt.date | None = None) -> int:
    """Propose a deviation for every signal that holds today and was never proposed. Each
    proposal commits on its own: one that fails does not hold back the others."""
    today = today or timezone.localdate()
    proposed = 0
    for provider in _PROVIDERS.values():
        signals = list(provider(today))
        known = set(
            Deviation.objects.filter(signal_key__in=[s.key for s in signals]).values_list("signal_key", flat=True)
        )
        for signal in signals:
            if signal.key in known:
                continue
            with transaction.atomic():
                if propose(signal=signal) is not None:
                    proposed += 1
    return proposed


def daily_scan(*, today: dt.date | None = None) -> ScanResult:
    """The deviations' daily work: proposals from signals, and overdue handling raised."""
    return ScanResult(proposed=propose_from_signals(today=today), overdue=raise_overdue(today=today))
