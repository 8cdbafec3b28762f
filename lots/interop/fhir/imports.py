"""A CareTeam/CarePlan update from a region system, applied to an existing SIP.

The file is compared with the plan as Lots would export it to the same person. What maps
clearly is applied through the plans app's services: a participant's mandate, the status of an
activity (recorded as a follow-up with a review of that action), and new activities (actions of
the importer's own agency). Every other difference is listed in the report with its path and the
reason, never silently dropped. A file that is not valid FHIR, or is for another plan, is refused
whole; and everything is applied in one transaction or not at all.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from fhir.resources.R4B import get_fhir_model_class
from pydantic import ValidationError as PydanticError

from lots.audit.models import Action
from lots.interop.fhir import codes
from lots.interop.fhir.export import build_bundle
from lots.organisations.actor import Actor
from lots.plans import services
from lots.plans.models import Effect, ResponsibleKind, Sip
from lots.plans.selectors import PlanPage, plan_page

#: What an import reads; everything else in a bundle is compared and reported, never applied.
UPDATABLE = frozenset({"CarePlan", "CareTeam"})


@dataclass(frozen=True)
class Issue:
    """One thing in the file that was not applied: where it is, and why."""

    path: str
    reason: str


@dataclass
class ImportReport:
    applied: list[str] = field(default_factory=list)
    not_applied: list[Issue] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.applied)

    def skip(self, path: str, reason: str) -> None:
        self.not_applied.append(Issue(path=path, reason=reason))


def _refuse(message: str) -> ValidationError:
    return ValidationError({"file": message}, code="invalid")


def parse(payload: dict | str | bytes) -> list[tuple[str, dict]]:
    """The (fullUrl, resource) pairs of a valid FHIR R4 CarePlan, CareTeam or Bundle; else refused."""
    if isinstance(payload, bytes | str):
        try:
            payload = json.loads(payload)
        except (ValueError, UnicodeDecodeError):
            raise _refuse(_("The file is not JSON. Upload a FHIR file in JSON.")) from None
    kind = payload.get("resourceType") if isinstance(payload, dict) else None
    if kind not in {"Bundle", *UPDATABLE}:
        raise _refuse(_("The file must hold a FHIR Bundle, CarePlan or CareTeam."))
    resources = [("", payload)] if kind != "Bundle" else []
    try:
        get_fhir_model_class(kind).model_validate(payload)
        for entry in payload.get("entry", []) if kind == "Bundle" else []:
            resource = entry.get("resource") or {}
            get_fhir_model_class(resource.get("resourceType", "Resource")).model_validate(resource)
            resources.append((entry.get("fullUrl", ""), resource))
    except (PydanticError, KeyError, TypeError, ValueError) as error:
        where = ""
        if isinstance(error, PydanticError) and error.errors():
            where = ".".join(str(part) for part in error.errors()[0]["loc"])
        raise _invalid(where or "?") from None
    for _url, resource in resources:
        if wrong := codes.invalid_codes(resource):
            raise _invalid(wrong[0])
    return resources


def _invalid(where: str) -> ValidationError:
    return _refuse(_("The file is not valid FHIR R4 (at %(where)s). Nothing was imported.") % {"where": where})


def _differences(path: str, theirs: dict, ours: dict, *, skip: frozenset[str] = frozenset()):
    """The top-level fields that differ between two versions of one resource or element."""
    for name in sorted(set(theirs) | set(ours)):
        if name not in skip and name not in {"meta", "text"} and theirs.get(name) != ours.get(name):
            yield f"{path}.{name}"


def _element_id(element: dict, prefix: str) -> int | None:
    value = str(element.get("id", ""))
    return int(value[len(prefix) :]) if value.startswith(prefix) and value[len(prefix) :].isdigit() else None


def _match(kind: str, full_url: str, resource: dict, sip: Sip, current: dict[str, dict]) -> dict | None:
    """Our version of a resource in the file: by fullUrl, else a CarePlan by its identifier."""
    if full_url in current:
        return current[full_url]
    if kind == "CarePlan":
        ids = {(i.get("system"), i.get("value")) for i in resource.get("identifier", [])}
        if (codes.SIP_IDENTIFIER, str(sip.pk)) in ids:
            return current[codes.urn("CarePlan", sip.pk)]
        if any(system == codes.SIP_IDENTIFIER for system, _value in ids):
            raise _refuse(_("The file is for another SIP. Nothing was imported."))
    if kind == "CareTeam" and resource.get("id") == f"sip-{sip.pk}-team":
        return current[codes.urn("CareTeam", sip.pk)]
    return None


class _Update:
    def __init__(self, actor: Actor, page: PlanPage, report: ImportReport, resources: list[tuple[str, dict]]):
        self.actor, self.page, self.report = actor, page, report
        self.actions = {a.pk: a for a in page.actions}
        self.participants = {p.pk: p for p in page.participants if p.removed_at is None}
        self.reviews: list[services.ReviewInput] = []
        self.agency = actor.membership.unit.agency
        # Organisations in the file, by fullUrl: a region system names its own by organisation number.
        self.numbers = {
            url: {i.get("value") for i in r.get("identifier", []) if i.get("system") == codes.ORGANISATIONSNUMMER}
            for url, r in resources
            if r["resourceType"] == "Organization"
        }

    def _is_own_agency(self, performer: dict) -> bool:
        """A performer is the importer's agency: Lots' own reference to it, or its principal's
        organisation number (inline, or on an Organization in the file)."""
        number = self.agency.principal.organisation_number
        reference = performer.get("reference", "")
        if reference == codes.urn("Organization", self.agency.pk):
            return True
        identifier = performer.get("identifier") or {}
        if identifier.get("system") == codes.ORGANISATIONSNUMMER and identifier.get("value") == number:
            return True
        return number in self.numbers.get(reference, set())

    def _missing(self, path: str, ids: set[str]) -> None:
        for missing in sorted(ids):
            self.report.skip(path, _("%(id)s is not in the file; it was not removed.") % {"id": missing})

    def care_team(self, path: str, theirs: dict, ours: dict) -> None:
        for name in _differences(path, theirs, ours, skip=frozenset({"participant"})):
            self.report.skip(name, _("Lots is the source of this field; change it in Lots."))
        ours_by_id = {p["id"]: p for p in ours.get("participant", [])}
        seen = set()
        for index, element in enumerate(theirs.get("participant", [])):
            where = f"{path}.participant[{index}]"
            pk = _element_id(element, "participant-")
            if pk not in self.participants or element.get("id") not in ours_by_id:
                self.report.skip(where, _("A new participant is invited in Lots (it needs the consent)."))
                continue
            seen.add(element["id"])
            mine = ours_by_id[element["id"]]
            for name in _differences(where, element, mine, skip=frozenset({"role"})):
                self.report.skip(name, _("Only a participant's mandate is imported."))
            self._mandate(where, self.participants[pk], element, mine)
        self._missing(f"{path}.participant", set(ours_by_id) - seen)

    def _mandate(self, where: str, participant, element: dict, mine: dict) -> None:
        def codes_of(item: dict) -> set[str]:
            return {
                c.get("code")
                for role in item.get("role", [])
                for c in role.get("coding", [])
                if c.get("system") == codes.PARTICIPANT_ROLE_SYSTEM
            }

        theirs, ours = codes_of(element), codes_of(mine)
        if (codes.ROLE_LEAD in theirs) != (codes.ROLE_LEAD in ours):
            self.report.skip(f"{where}.role", _("The lead is changed in Lots."))
        texts = ([r.get("text") for r in element.get("role", [])], [r.get("text") for r in mine.get("role", [])])
        if texts[0] != texts[1]:
            self.report.skip(f"{where}.role.text", _("The role in words is changed in Lots."))
        wants = codes.ROLE_MANDATE in theirs
        if wants != (codes.ROLE_MANDATE in ours):
            services.set_mandate(actor=self.actor, participant=participant, has_mandate=wants)
            self.report.applied.append(
                (_("%(name)s may now decide for their agency.") if wants else _("%(name)s no longer has a mandate."))
                % {"name": participant.display_name}
            )

    def care_plan(self, path: str, theirs: dict, ours: dict) -> None:
        for name in _differences(path, theirs, ours, skip=frozenset({"activity", "goal"})):
            self.report.skip(name, _("Lots is the source of this field; change it in Lots."))
        if theirs.get("goal", []) != ours.get("goal", []):
            self.report.skip(f"{path}.goal", _("Goals are written in Lots."))
        ours_by_id = {a["id"]: a for a in ours.get("activity", [])}
        seen = set()
        for index, activity in enumerate(theirs.get("activity", [])):
            where = f"{path}.activity[{index}]"
            if "detail" not in activity:
                self.report.skip(where, _("Only activities described in the plan itself are imported."))
            elif activity.get("id") in ours_by_id:
                seen.add(activity["id"])
                self._status(where, activity, ours_by_id[activity["id"]])
            elif _element_id(activity, "action-") is not None:
                self.report.skip(where, _("An action in Lots that you may not see, or that no longer exists."))
            else:
                self._new_action(where, activity["detail"])
        self._missing(f"{path}.activity", set(ours_by_id) - seen)

    def _status(self, where: str, activity: dict, mine: dict) -> None:
        detail, ours = activity["detail"], mine["detail"]
        for name in _differences(f"{where}.detail", detail, ours, skip=frozenset({"status"})):
            self.report.skip(name, _("Only the status of an existing activity is imported."))
        status = detail.get("status")
        if status == ours.get("status"):
            return
        done = codes.REVIEW_BY_ACTIVITY_STATUS.get(status)
        if done is None:
            self.report.skip(f"{where}.detail.status", _("This status has no meaning in a SIP follow-up."))
            return
        action = self.actions[_element_id(activity, "action-")]
        self.reviews.append(
            services.ReviewInput(action=action, done=done, effect=Effect.TOO_EARLY, comment=f"FHIR: {status}")
        )
        self.report.applied.append(
            _("The status of “%(what)s” is now %(status)s.") % {"what": action.what, "status": status}
        )

    def _new_action(self, where: str, detail: dict) -> None:
        what = (detail.get("description") or (detail.get("code") or {}).get("text") or "").strip()
        start = (detail.get("scheduledPeriod") or {}).get("start")
        if not all(self._is_own_agency(p) for p in detail.get("performer", [])):
            self.report.skip(f"{where}.detail.performer", _("Only actions of your own agency are added."))
            return
        if not what or not start:
            self.report.skip(where, _("A new activity needs a description and a start date."))
            return
        end = (detail.get("scheduledPeriod") or {}).get("end")
        data = services.ActionInput(
            what=what,
            responsible_kind=ResponsibleKind.AGENCY,
            responsible_agency=self.agency,
            starts_on=dt.date.fromisoformat(start[:10]),
            ends_on=dt.date.fromisoformat(end[:10]) if end else None,
            intervention_name=((detail.get("code") or {}).get("text") or "")[:200],
        )
        services.add_action(actor=self.actor, sip=self.page.sip, data=data)
        self.report.applied.append(_("New action: “%(what)s”.") % {"what": what})

    def follow_up(self) -> None:
        if not self.reviews:
            return
        services.follow_up_plan(
            actor=self.actor,
            sip=self.page.sip,
            version=None,
            held_on=timezone.localdate(),
            summary=_("The status of actions as reported by a region system (FHIR import)."),
            next_follow_up_on=self.page.sip.follow_up_on,
            reviews=self.reviews,
        )


@transaction.atomic
def apply_careplan_update(*, actor: Actor, plan: Sip | int, payload: dict | str | bytes) -> ImportReport:
    """Apply a region system's CareTeam/CarePlan (or a Bundle of them) to an existing SIP."""
    resources = parse(payload)
    page = plan_page(actor, plan if isinstance(plan, int) else plan.pk, action=Action.VIEW)
    if not page.may_act:
        raise PermissionDenied(_("Only the SIP's participants act on it."))
    current = {entry["fullUrl"]: entry["resource"] for entry in build_bundle(actor, page)["entry"]}
    report = ImportReport()
    update = _Update(actor, page, report, resources)
    for index, (full_url, resource) in enumerate(resources):
        kind = resource["resourceType"]
        path = kind if len(resources) == 1 and not full_url else f"Bundle.entry[{index}].{kind}"
        ours = _match(kind, full_url, resource, page.sip, current)
        if ours is None:
            report.skip(path, _("Not recognised as part of this SIP."))
        elif kind == "CarePlan":
            update.care_plan(path, resource, ours)
        elif kind == "CareTeam":
            update.care_team(path, resource, ours)
        elif resource != ours:
            report.skip(path, _("Lots is the source of this resource; change it in Lots."))
    update.follow_up()
    return report
