"""A SIP as a FHIR R4 Bundle, built from what one viewer may see of it.

Everything comes through the plans app's `plan_page` (the access policy decides every row, and
the read is logged as an export) and through `PersonView`, so the file holds no more than the
page would show this viewer. The child's address is never exported, and for a child with
protected identity neither are agency names or organisation numbers that could tell where the
child lives, unless the viewer is cleared; the child's Patient carries the security label
"restricted" (v3-Confidentiality R) for every viewer.
"""

from __future__ import annotations

from django.utils import timezone

from lots.access import policy
from lots.access.presentation import Withheld, present_related
from lots.access.secrecy import Purpose
from lots.access.selectors import consents_for_child
from lots.audit.models import Action
from lots.interop.fhir import codes
from lots.people.identity import Kind, parse_identity_number
from lots.plans.models import GoalKind, ParticipantKind, Sip
from lots.plans.selectors import PlanPage, plan_page


def _ref(kind: str, pk: int, display: str = "") -> dict:
    ref = {"reference": codes.urn(kind, pk)}
    if display:
        ref["display"] = display
    return ref


def _date(value) -> str | None:
    return value.isoformat() if value else None


def _clean(resource: dict) -> dict:
    """Leave out empty values: FHIR forbids empty elements."""
    return {key: value for key, value in resource.items() if value not in (None, "", [], {})}


def _shown(value) -> bool:
    return bool(value) and not isinstance(value, Withheld)


def _patient(plan: PlanPage) -> dict:
    child = plan.child
    identifiers = []
    if _shown(child.identity_number):
        kind = parse_identity_number(child.identity_number).kind
        system = codes.SAMORDNINGSNUMMER if kind == Kind.SAMORDNINGSNUMMER else codes.PERSONNUMMER
        identifiers.append({"system": system, "value": child.identity_number})
    name = []
    if not child.name_hidden:
        name.append({"family": child.last_name, "given": [child.first_name], "text": child.full_name})
    return _clean(
        {
            "resourceType": "Patient",
            "id": f"child-{child.pk}",
            # Whoever receives the file learns that the child's identity is protected, whether
            # or not this viewer was cleared to see where the child is.
            "meta": {"security": [codes.RESTRICTED]} if child.protected_identity else None,
            "identifier": identifiers,
            "name": name,
            "birthDate": _date(child.date_of_birth) if _shown(child.date_of_birth) else None,
        }
    )


def _organisation(agency, reveal: bool) -> dict:
    """An agency; its principal's organisation number only where the viewer may see where it is."""
    return _clean(
        {
            "resourceType": "Organization",
            "id": f"agency-{agency.pk}",
            "identifier": [{"system": codes.ORGANISATIONSNUMMER, "value": agency.principal.organisation_number}]
            if reveal
            else [],
            "active": True,
            "type": [{"text": agency.get_kind_display()}],
            "name": str(agency) if reveal else str(agency.get_kind_display()),
        }
    )


def _participant_role(participant, sip: Sip) -> list[dict]:
    codings = []
    if participant.is_staff and sip.lead_user_id == participant.user_id and sip.lead_agency_id == participant.agency_id:
        codings.append({"system": codes.PARTICIPANT_ROLE_SYSTEM, "code": codes.ROLE_LEAD, "display": "Huvudansvarig"})
    if participant.is_staff and participant.has_mandate:
        codings.append({"system": codes.PARTICIPANT_ROLE_SYSTEM, "code": codes.ROLE_MANDATE, "display": "Mandat"})
    role = _clean({"coding": codings, "text": participant.role_text or participant.get_kind_display()})
    return [role]


def _care_team(plan: PlanPage) -> dict:
    sip = plan.sip
    members = []
    for p in plan.participants:
        if p.removed_at is not None:
            continue
        if p.kind == ParticipantKind.CHILD:
            member = _ref("Patient", sip.child_id)
        elif p.is_staff:
            member = {"display": p.display_name}
        else:
            member = {"display": str(p.get_kind_display()) if plan.child.name_hidden else p.name}
        members.append(
            _clean(
                {
                    "id": f"participant-{p.pk}",
                    "role": _participant_role(p, sip),
                    "member": member,
                    "onBehalfOf": _ref("Organization", p.agency_id) if p.is_staff else None,
                    "period": {"start": p.invited_at.isoformat()},
                }
            )
        )
    return _clean(
        {
            "resourceType": "CareTeam",
            "id": f"sip-{sip.pk}-team",
            "status": "active" if sip.is_open else "inactive",
            "name": "SIP-team",
            "subject": _ref("Patient", sip.child_id),
            "participant": members,
            "managingOrganization": [_ref("Organization", sip.lead_agency_id)] if sip.lead_agency_id else [],
        }
    )


def _goal(goal, plan: PlanPage) -> dict:
    own = goal.kind == GoalKind.CHILD_GOAL
    return _clean(
        {
            "resourceType": "Goal",
            "id": f"goal-{goal.pk}",
            "lifecycleStatus": codes.GOAL_STATUS[plan.sip.status],
            "category": [
                {
                    "coding": [{"system": codes.AREA_SYSTEM, "code": goal.area, "display": goal.get_area_display()}],
                    "text": goal.get_area_display(),
                },
                {"coding": [{"system": codes.GOAL_KIND_SYSTEM, "code": goal.kind}], "text": goal.get_kind_display()},
            ],
            "description": {"text": goal.text},
            "subject": _ref("Patient", plan.sip.child_id),
            "expressedBy": _ref("Patient", plan.sip.child_id) if own else _ref("Organization", goal.owner_agency_id),
            "startDate": _date(timezone.localdate(goal.written_at)),
        }
    )


def activity_status(action, today) -> str:
    """The latest review says whether an action is done; without one, its dates."""
    if action.latest_review is not None:
        return codes.ACTIVITY_STATUS_BY_REVIEW[action.latest_review.done]
    return "scheduled" if action.starts_on > today else "in-progress"


def _activity(action, today) -> dict:
    if action.responsible_agency_id:
        performer = [_ref("Organization", action.responsible_agency_id)]
    else:
        performer = [{"display": action.responsible_other}]
    detail = _clean(
        {
            "code": {"text": action.intervention_name} if action.intervention_name else None,
            "status": activity_status(action, today),
            "goal": [_ref("Goal", action.goal_id)] if action.goal_id else [],
            "scheduledPeriod": _clean({"start": _date(action.starts_on), "end": _date(action.ends_on)}),
            "performer": performer,
            "description": action.what,
        }
    )
    return {"id": f"action-{action.pk}", "detail": detail}


def _care_plan(plan: PlanPage, goals: list) -> dict:
    sip = plan.sip
    today = timezone.localdate()
    return _clean(
        {
            "resourceType": "CarePlan",
            "id": f"sip-{sip.pk}",
            "identifier": [{"system": codes.SIP_IDENTIFIER, "value": str(sip.pk)}],
            "status": codes.CAREPLAN_STATUS[sip.status],
            "intent": "plan",
            "category": [{"text": "Samordnad individuell plan (SIP)"}],
            "title": "Samordnad individuell plan",
            "description": None if plan.reason_withheld else sip.reason,
            "subject": _ref("Patient", sip.child_id),
            "period": _clean({"start": _date(sip.first_meeting_on), "end": _date(sip.ended_on)}),
            "created": sip.requested_at.isoformat(),
            "author": _ref("Organization", sip.lead_agency_id or sip.requesting_agency_id),
            "careTeam": [_ref("CareTeam", sip.pk)],
            "goal": [_ref("Goal", g.pk) for g in goals],
            "activity": [_activity(a, today) for a in plan.actions],
        }
    )


def _consent(consent, plan: PlanPage, guardians: dict) -> dict:
    sip = plan.sip
    performers = []
    for party in consent.named_parties:
        if party.guardian_id is None:
            performers.append(_ref("Patient", sip.child_id))
        else:
            performers.append(_ref("RelatedPerson", party.guardian_id))
    actors = []
    for scope in consent.named_agencies:
        for flag, code, display in (
            (scope.shares, "INF", "lämnar uppgifter"),
            (scope.receives, "IRCP", "tar emot uppgifter"),
        ):
            if flag:
                role = {"coding": [{"system": codes.PARTICIPATION_SYSTEM, "code": code, "display": display}]}
                actors.append({"role": role, "reference": _ref("Organization", scope.agency_id)})
    ends = consent.withdrawn_at or consent.valid_until
    return _clean(
        {
            "resourceType": "Consent",
            "id": f"consent-{consent.pk}",
            "status": "active" if consent.is_active() else ("proposed" if consent.effective_at is None else "inactive"),
            "scope": {"coding": [{"system": codes.CONSENT_SCOPE_SYSTEM, "code": "patient-privacy"}]},
            "category": [{"coding": [{"system": codes.LOINC, "code": "59284-0", "display": "Patient Consent"}]}],
            "patient": _ref("Patient", sip.child_id),
            "dateTime": (consent.effective_at or consent.created_at).isoformat(),
            "performer": performers,
            "organization": [_ref("Organization", consent.recorded_in_id)],
            "policyRule": {"text": "Samtycke till att uppgifter lämnas mellan parterna i en SIP"},
            "provision": _clean(
                {
                    "type": "permit",
                    "period": _clean(
                        {
                            "start": (consent.effective_at or consent.created_at).isoformat(),
                            "end": ends.isoformat() if ends else None,
                        }
                    ),
                    "actor": actors,
                    "purpose": [{"system": "urn:lots:consent-purpose", "code": consent.purpose}],
                }
            ),
        }
    )


def _related_person(person, plan: PlanPage) -> dict:
    name = [] if person.name_hidden else [{"text": person.full_name}]
    return _clean(
        {
            "resourceType": "RelatedPerson",
            "id": f"guardian-{person.pk}",
            "patient": _ref("Patient", plan.sip.child_id),
            "relationship": [{"coding": [{"system": codes.ROLE_CODE_SYSTEM, "code": "GUARD", "display": "guardian"}]}],
            "name": name,
        }
    )


def _sip_consent(actor, plan: PlanPage):
    """The consent the plan rests on: the one in force, else the latest recorded for it."""
    consents = consents_for_child(actor, plan.sip.child_id, purpose=Purpose.SIP, reference_id=plan.sip.pk)
    active = [c for c in consents if c.is_active()]
    return (active or consents or [None])[0]


def sip_bundle(*, actor, plan: Sip | int) -> dict:
    """The plan as a FHIR R4 `collection` Bundle (a plain dict, ready for JSON), logged as an export."""
    with policy.one_page(actor):  # the plan's rows and its consent's: one append to the log
        return build_bundle(actor, plan_page(actor, plan if isinstance(plan, int) else plan.pk, action=Action.EXPORT))


def build_bundle(actor, page: PlanPage) -> dict:
    """The bundle for a plan already read through the policy (an import compares with it)."""
    sip = page.sip
    goals = [g for g in page.goals if g.kind in (GoalKind.CHILD_GOAL, GoalKind.SHARED_GOAL)]
    consent = _sip_consent(actor, page)
    agencies = {p.agency_id: p.agency for p in page.participants if p.is_staff}
    agencies[sip.requesting_agency_id] = sip.requesting_agency
    if sip.lead_agency_id:
        agencies[sip.lead_agency_id] = sip.lead_agency
    for action in page.actions:
        if action.responsible_agency_id:
            agencies[action.responsible_agency_id] = action.responsible_agency
    for goal in goals:
        agencies[goal.owner_agency_id] = goal.owner_agency
    guardians = {}
    if consent is not None:
        agencies[consent.recorded_in_id] = consent.recorded_in
        agencies.update({scope.agency_id: scope.agency for scope in consent.named_agencies})
        people = [party.guardian for party in consent.named_parties if party.guardian_id]
        guardians = {p.pk: p for p in present_related(actor, page.child, people)}

    resources = [
        ("Patient", sip.child_id, _patient(page)),
        ("CarePlan", sip.pk, _care_plan(page, goals)),
        ("CareTeam", sip.pk, _care_team(page)),
        *(("Goal", g.pk, _goal(g, page)) for g in goals),
        *(("Organization", pk, _organisation(a, page.reveal_location)) for pk, a in sorted(agencies.items())),
    ]
    if consent is not None:
        resources.append(("Consent", consent.pk, _consent(consent, page, guardians)))
        resources.extend(("RelatedPerson", pk, _related_person(p, page)) for pk, p in guardians.items())
    return {
        "resourceType": "Bundle",
        "id": f"sip-{sip.pk}-export",
        "identifier": {"system": codes.SIP_IDENTIFIER, "value": str(sip.pk)},
        "type": "collection",
        "timestamp": timezone.now().isoformat(),
        "entry": [{"fullUrl": codes.urn(kind, pk), "resource": resource} for kind, pk, resource in resources],
    }
