"""The code systems and identifiers the FHIR export and import share, and the tables that map
Lots' statuses to FHIR's (one table each way, so an unchanged bundle reads back as no change)."""

from __future__ import annotations

import uuid

from lots.plans.models import Done, Status

PERSONNUMMER = "http://electronichealth.se/identifier/personnummer"
SAMORDNINGSNUMMER = "http://electronichealth.se/identifier/samordningsnummer"
ORGANISATIONSNUMMER = "http://electronichealth.se/identifier/organisationsnummer"
SIP_IDENTIFIER = "urn:lots:sip"
AREA_SYSTEM = "urn:lots:sip-area"
GOAL_KIND_SYSTEM = "urn:lots:sip-goal-kind"
PARTICIPANT_ROLE_SYSTEM = "urn:lots:sip-participant-role"
ROLE_LEAD = "lead"
ROLE_MANDATE = "mandate"
CONSENT_SCOPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/consentscope"
LOINC = "http://loinc.org"
ROLE_CODE_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-RoleCode"
PARTICIPATION_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
#: HL7's confidentiality codes (FHIR R4 security labels): "R", restricted, marks a Patient with
#: protected identity, so that a receiving system applies its own rules for such persons.
CONFIDENTIALITY_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality"
RESTRICTED = {"system": CONFIDENTIALITY_SYSTEM, "code": "R", "display": "restricted"}

#: Names bundle entries: the same record always gets the same urn:uuid, so two exports of one
#: plan refer to its parts alike and an import can tell which record an entry is.
NAMESPACE = uuid.UUID("6f3c1b7e-2a4d-4c8e-9b1f-5d7a0e3c9a21")

#: The plan's life cycle as CarePlan.status.
CAREPLAN_STATUS: dict[str, str] = {
    Status.REQUESTED: "draft",
    Status.CONSENT_OBTAINED: "draft",
    Status.MEETING_CALLED: "draft",
    Status.ESTABLISHED: "active",
    Status.FOLLOWED_UP: "active",
    Status.PAUSED: "on-hold",
    Status.CLOSED: "completed",
    Status.CANCELLED: "revoked",
}

#: The plan's life cycle as Goal.lifecycleStatus.
GOAL_STATUS: dict[str, str] = {
    Status.REQUESTED: "proposed",
    Status.CONSENT_OBTAINED: "proposed",
    Status.MEETING_CALLED: "proposed",
    Status.ESTABLISHED: "active",
    Status.FOLLOWED_UP: "active",
    Status.PAUSED: "on-hold",
    Status.CLOSED: "completed",
    Status.CANCELLED: "cancelled",
}

#: An action's latest review as CarePlan.activity.detail.status ...
ACTIVITY_STATUS_BY_REVIEW: dict[str, str] = {Done.YES: "completed", Done.PARTLY: "in-progress", Done.NO: "not-started"}
#: ... and back: the review an import records when a region system reports another status.
REVIEW_BY_ACTIVITY_STATUS: dict[str, str] = {
    "completed": Done.YES,
    "in-progress": Done.PARTLY,
    "not-started": Done.NO,
    "scheduled": Done.NO,
    "stopped": Done.NO,
    "cancelled": Done.NO,
}


def urn(kind: str, pk: int) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, f'{kind}/{pk}')}"


#: The required value sets of the codes an import reads (fhir.resources checks a code's shape,
#: not its value set): a value outside them makes the file invalid FHIR.
REQUEST_STATUS = frozenset({"draft", "active", "on-hold", "revoked", "completed", "entered-in-error", "unknown"})
ACTIVITY_STATUS = frozenset(
    {
        "not-started",
        "scheduled",
        "in-progress",
        "on-hold",
        "completed",
        "cancelled",
        "stopped",
        "unknown",
        "entered-in-error",
    }
)
CARE_TEAM_STATUS = frozenset({"proposed", "active", "suspended", "inactive", "entered-in-error"})


def invalid_codes(resource: dict) -> list[str]:
    """Paths of codes outside their required value set, in a CarePlan or a CareTeam."""
    kind = resource.get("resourceType")
    wrong = []
    if kind == "CarePlan":
        if resource.get("status") not in REQUEST_STATUS:
            wrong.append("CarePlan.status")
        for index, activity in enumerate(resource.get("activity", [])):
            if "detail" in activity and activity["detail"].get("status") not in ACTIVITY_STATUS:
                wrong.append(f"CarePlan.activity[{index}].detail.status")
    if kind == "CareTeam" and "status" in resource and resource["status"] not in CARE_TEAM_STATUS:
        wrong.append("CareTeam.status")
    return wrong
