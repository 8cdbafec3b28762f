"""Routine versions: drafting (a copy of the last), editing steps, publishing, acknowledging.

Only the routine's editors draft, edit and publish. Every save of a step checks the whole
graph (`graph.py`), so a draft is never broken; publishing also checks that every step can be
reached. Publishing supersedes the earlier version and asks every member of staff whose role
the version concerns to read it. Journeys under way keep their version.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from lots.notifications.services import notify_after_commit
from lots.organisations.actor import Actor
from lots.organisations.models import Agency, User
from lots.organisations.roles import Role
from lots.routines import graph
from lots.routines.models import Acknowledgement, Branch, DayKind, Routine, RoutineVersion, Step, VersionStatus
from lots.routines.scope import shares_with
from lots.routines.services._common import concerned_memberships, version_url
from lots.routines.workflow import VERSION_TRANSITIONS, allowed

MAX_TEXT = 10_000


def is_editor(actor: Actor, routine: Routine) -> bool:
    return routine.editors.filter(pk=actor.user.pk).exists()


def _require_editor(actor: Actor, routine: Routine) -> None:
    if not is_editor(actor, routine):
        raise PermissionDenied


def _require_draft(version: RoutineVersion) -> None:
    if version.status != VersionStatus.DRAFT:
        raise ValidationError(_("Only a draft can be changed; draft a new version first."))


@transaction.atomic
def draft_version(*, actor: Actor, routine: Routine) -> RoutineVersion:
    """A new draft, a copy of the latest version (or empty for a new routine)."""
    _require_editor(actor, routine)
    routine = Routine.objects.select_for_update().get(pk=routine.pk)
    existing = routine.versions.filter(status=VersionStatus.DRAFT).first()
    if existing is not None:
        return existing
    last = routine.versions.order_by("-number").first()
    number = (routine.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    draft = RoutineVersion.objects.create(
        routine=routine,
        number=number,
        summary=last.summary if last else "",
        concerns_roles=list(last.concerns_roles) if last else [],
        created_by=actor.user,
    )
    if last is not None:
        copies: dict[int, Step] = {}
        originals = list(last.steps.prefetch_related("interventions", "branches"))
        for step in originals:
            copies[step.pk] = Step.objects.create(
                version=draft,
                **{f: getattr(step, f) for f in _COPIED_FIELDS},
            )
        for step in originals:
            copy = copies[step.pk]
            if step.relative_to_id:
                copy.relative_to = copies[step.relative_to_id]
                copy.save(update_fields=["relative_to"])
            copy.interventions.set(step.interventions.all())
            Branch.objects.bulk_create(
                Branch(from_step=copy, to_step=copies[b.to_step_id], condition=b.condition, order=b.order)
                for b in step.branches.all()
            )
    return draft


_COPIED_FIELDS = (
    "key",
    "order",
    "title",
    "title_en",
    "instructions",
    "responsible_role",
    "agency_kind",
    "deadline_days",
    "deadline_kind",
    "legal_references",
    "documents",
)


@transaction.atomic
def update_version(*, actor: Actor, version: RoutineVersion, summary: str, changes: str, concerns_roles: list[str]):
    _require_editor(actor, version.routine)
    _require_draft(version)
    unknown = [r for r in concerns_roles if r not in Role.values]
    if unknown:
        raise ValidationError({"concerns_roles": _("Choose roles from the list.")})
    version.summary, version.changes = summary.strip()[:MAX_TEXT], changes.strip()[:MAX_TEXT]
    version.concerns_roles = sorted(set(concerns_roles))
    version.save(update_fields=["summary", "changes", "concerns_roles"])
    return version


@dataclass(frozen=True)
class NextStep:
    key: str
    condition: str = ""


def parse_next(text: str) -> list[NextStep]:
    """The editor writes one way on per line: `key`, or `condition: key`."""
    found = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        condition, _sep, key = line.rpartition(":")
        found.append(NextStep(key=key.strip(), condition=condition.strip()))
    return found


def nodes_of(version: RoutineVersion, *, replacing: Step | None = None, with_node: graph.Node | None = None):
    """The version's graph as plain nodes, with one step replaced (or added) by `with_node`."""
    steps = list(version.steps.select_related("relative_to").prefetch_related("branches__to_step"))
    nodes = []
    for step in steps:
        if replacing is not None and step.pk == replacing.pk:
            nodes.append(with_node)
            continue
        nodes.append(
            graph.Node(
                key=step.key,
                title=step.title,
                next=tuple(b.to_step.key for b in step.branches.all()),
                relative_to=step.relative_to.key if step.relative_to else None,
            )
        )
    if replacing is None and with_node is not None:
        nodes.append(with_node)
    return nodes


@transaction.atomic
def save_step(
    *,
    actor: Actor,
    version: RoutineVersion,
    step: Step | None = None,
    key: str,
    title: str,
    title_en: str = "",
    instructions: str = "",
    responsible_role: str = "",
    agency_kind: str,
    deadline_days: int | None = None,
    deadline_kind: str = DayKind.CALENDAR,
    relative_to: str = "",
    legal_references: str = "",
    documents: str = "",
    next_steps: list[NextStep] | None = None,
    intervention_ids: list[int] | None = None,
) -> Step:
    """Add a step to a draft, or change one; refused, naming the step, if the graph breaks."""
    _require_editor(actor, version.routine)
    _require_draft(version)
    key, title = (key or "").strip(), (title or "").strip()
    errors = {}
    if not key:
        errors["key"] = _("Give the step a key.")
    elif version.steps.filter(key=key).exclude(pk__in=[step.pk] if step else []).exists():
        errors["key"] = _("Another step of this version has the key “%(key)s”.") % {"key": key}
    if not title:
        errors["title"] = _("Give the step a title.")
    if agency_kind not in Agency.Kind.values:
        errors["agency_kind"] = _("Choose the responsible agency.")
    if responsible_role and responsible_role not in Role.values:
        errors["responsible_role"] = _("Choose a role from the list.")
    if deadline_kind not in DayKind.values:
        errors["deadline_kind"] = _("Choose calendar or working days.")
    if errors:
        raise ValidationError(errors)
    next_steps = next_steps or []
    node = graph.Node(
        key=key, title=title, next=tuple(n.key for n in next_steps), relative_to=(relative_to or "").strip() or None
    )
    graph.check(nodes_of(version, replacing=step, with_node=node), field_name="next_steps")
    if node.relative_to is not None and deadline_days is None:
        raise ValidationError({"deadline_days": _("Give the number of days the deadline counts.")})
    by_key = {s.key: s for s in version.steps.all()}
    fields = {
        "key": key,
        "title": title[:120],
        "title_en": (title_en or "").strip()[:120],
        "instructions": instructions.strip()[:MAX_TEXT],
        "responsible_role": responsible_role,
        "agency_kind": agency_kind,
        "deadline_days": deadline_days,
        "deadline_kind": deadline_kind,
        "relative_to": by_key.get(node.relative_to) if node.relative_to else None,
        "legal_references": legal_references.strip()[:MAX_TEXT],
        "documents": documents.strip()[:MAX_TEXT],
    }
    if step is None:
        order = (version.steps.aggregate(n=Max("order"))["n"] or 0) + 10
        step = Step.objects.create(version=version, order=order, **fields)
    else:
        for name, value in fields.items():
            setattr(step, name, value)
        step.save()
    by_key[key] = step
    step.branches.all().delete()
    Branch.objects.bulk_create(
        Branch(from_step=step, to_step=by_key[n.key], condition=n.condition[:200], order=i)
        for i, n in enumerate(next_steps)
    )
    if intervention_ids is not None:
        step.interventions.set(intervention_ids)
    return step


@transaction.atomic
def publish(*, actor: Actor, version: RoutineVersion) -> RoutineVersion:
    """Publish a draft: check the graph, supersede the published version, ask staff to read it."""
    _require_editor(actor, version.routine)
    version = RoutineVersion.objects.select_for_update().get(pk=version.pk)
    if not allowed(VERSION_TRANSITIONS, version.status, VersionStatus.PUBLISHED):
        raise ValidationError(_("Only a draft can be published."))
    graph.check(nodes_of(version), publishing=True)
    if not version.concerns_roles:
        raise ValidationError({"concerns_roles": _("Choose the roles whose staff must read the routine.")})
    now = timezone.now()
    RoutineVersion.objects.filter(routine_id=version.routine_id, status=VersionStatus.PUBLISHED).update(
        status=VersionStatus.SUPERSEDED
    )
    version.status, version.published_at, version.published_by = VersionStatus.PUBLISHED, now, actor.user
    version.save(update_fields=["status", "published_at", "published_by"])
    users = User.objects.filter(pk__in=concerned_memberships(version).values("user_id"))
    notify_after_commit(
        recipients=list(users),
        kind="routines.published",
        url=version_url(version),
        dedupe_key=f"routine-version-{version.pk}-published",
    )
    return version


@transaction.atomic
def acknowledge(*, actor: Actor, version: RoutineVersion) -> Acknowledgement:
    """The member of staff has read the published version (once; again is harmless)."""
    if version.status != VersionStatus.PUBLISHED or not shares_with(actor, version.routine.principal_id):
        raise ValidationError(_("Only a published routine can be acknowledged."))
    acknowledgement, _created = Acknowledgement.objects.get_or_create(user=actor.user, version=version)
    return acknowledgement


@transaction.atomic
def delete_step(*, actor: Actor, step: Step) -> None:
    """Remove a step from a draft; refused, naming the step, while another step leads to it or
    counts its deadline from it."""
    version = step.version
    _require_editor(actor, version.routine)
    _require_draft(version)
    remaining = [n for n in nodes_of(version) if n.key != step.key]
    graph.check(remaining)
    step.delete()
