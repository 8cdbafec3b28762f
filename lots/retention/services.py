"""Culling (gallring): first a dry-run report of what has passed its retention period, then the
culling itself, with a record of what went (counts per kind and principal, never content)."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lots.core.concurrency import save_versioned
from lots.organisations.models import Principal, User
from lots.retention import registry
from lots.retention.models import CullRecord, CullRun, RetentionRule
from lots.retention.registry import Action, RetentionKind

logger = logging.getLogger("lots.retention")


@dataclass(frozen=True)
class Period:
    years: int
    days: int
    action: str

    def cutoff(self, now: dt.datetime) -> dt.datetime:
        """Rows whose date is before this have passed the period."""
        try:
            moved = now.replace(year=now.year - self.years)
        except ValueError:  # 29 February
            moved = now.replace(year=now.year - self.years, day=28)
        return moved - dt.timedelta(days=self.days)


@dataclass(frozen=True)
class Line:
    kind: RetentionKind
    principal: Principal | None
    period: Period
    cutoff: dt.datetime
    count: int
    rows: QuerySet | None = None  # the expired rows, None for a kind that culls itself


def _periods(kind: RetentionKind) -> tuple[Period, dict[int, Period]]:
    """The period for every principal without a rule of its own, and those with one."""
    default = Period(kind.years, kind.days, kind.action)
    own = {}
    for rule in RetentionRule.objects.filter(kind=kind.key):
        period = Period(rule.years, rule.days, rule.action)
        if rule.principal_id is None:
            default = period
        elif kind.per_principal:
            own[rule.principal_id] = period
    return default, own


def _candidates(kind: RetentionKind, period: Period):
    rows = kind.candidates()
    if period.action == Action.ANONYMISE and kind.anonymised is not None:
        rows = rows.exclude(kind.anonymised)
    return rows


def _groups(kind: RetentionKind, now: dt.datetime):
    """(principal, period, queryset of expired rows) for each group the rules make."""
    default, own = _periods(kind)
    principals = {p.pk: p for p in Principal.objects.filter(pk__in=own)}
    for principal_id, period in sorted(own.items()):
        rows = _candidates(kind, period).filter(
            **{f"{kind.principal}__pk": principal_id, f"{kind.counts_from}__lt": period.cutoff(now)}
        )
        yield principals[principal_id], period, rows
    rest = _candidates(kind, default).filter(**{f"{kind.counts_from}__lt": default.cutoff(now)})
    if own:
        rest = rest.exclude(**{f"{kind.principal}__pk__in": list(own)})
    yield None, default, rest


def plan(*, now: dt.datetime | None = None) -> list[Line]:
    """What a culling run would remove now: the dry-run report."""
    now = now or timezone.now()
    lines = []
    for kind in registry.kinds():
        if kind.cull is not None:
            default, _ = _periods(kind)
            count = kind.cull(cutoff=default.cutoff(now), dry_run=True)
            lines.append(Line(kind, None, default, default.cutoff(now), count))
            continue
        for principal, period, rows in _groups(kind, now):
            lines.append(Line(kind, principal, period, period.cutoff(now), rows.count(), rows))
    return lines


def run(*, dry_run: bool, started_by: str, now: dt.datetime | None = None) -> CullRun:
    """A dry run records the report; a real run culls, in one transaction per kind, at most
    LOTS_RETENTION_BATCH rows per kind and principal (the rest waits for the next run)."""
    now = now or timezone.now()
    culling = CullRun.objects.create(dry_run=dry_run, started_by=started_by[:150], started_at=now)
    for line in plan(now=now):
        done, remaining = (line.count, 0) if dry_run else _cull(line)
        CullRecord.objects.create(
            run=culling,
            kind=line.kind.key,
            principal=line.principal,
            principal_name=line.principal.name if line.principal else "",
            years=line.period.years,
            days=line.period.days,
            cutoff=line.cutoff,
            action=line.period.action,
            count=done,
            remaining=remaining,
        )
    culling.finished_at = timezone.now()
    culling.save(update_fields=["finished_at"])
    logger.info("Culling run %s (%s) finished", culling.pk, "dry run" if dry_run else "culled")
    return culling


def _cull(line: Line) -> tuple[int, int]:
    kind = line.kind
    if line.count == 0:
        return 0, 0
    with transaction.atomic():
        if kind.cull is not None:
            return kind.cull(cutoff=line.cutoff, dry_run=False), 0
        assert line.rows is not None  # a kind that does not cull itself has its expired rows
        batch = list(line.rows.order_by("pk").values_list("pk", flat=True)[: settings.LOTS_RETENTION_BATCH])
        chosen = kind.model._default_manager.filter(pk__in=batch)
        if kind.before_cull is not None:
            kind.before_cull(chosen)
        for hook in registry.before_any_cull_hooks():
            hook(chosen)
        if line.period.action == Action.ANONYMISE and kind.anonymise is not None:
            kind.anonymise(chosen)
        else:
            chosen.delete()
    return len(batch), max(line.count - len(batch), 0)


@transaction.atomic
def change_rule(
    *,
    user: User,
    rule: RetentionRule,
    expected_version: int,
    years: int,
    days: int,
    action: str,
    decision: str,
) -> RetentionRule:
    """Change a rule; refused if someone else changed it since it was read (optimistic lock)."""
    kind = registry.get(rule.kind)
    if action == Action.ANONYMISE and kind.anonymise is None:
        raise ValidationError({"action": _("This kind of record can only be deleted.")})
    if years == 0 and days == 0:
        raise ValidationError({"years": _("A retention period must be longer than nothing.")})
    rule.years, rule.days, rule.action, rule.decision = years, days, action, decision
    rule.changed_at, rule.changed_by = timezone.now(), user
    return save_versioned(
        rule,
        expected_version=expected_version,
        fields=["years", "days", "action", "decision", "changed_at", "changed_by"],
    )
