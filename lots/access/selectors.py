"""Reads of consents and of the secrecy map, through the policy and into the log; and whether a
child is one of a principal's own (asked by break the glass)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict, TypeVar

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from lots.access import policy
from lots.access.models import Assignment, Consent, ConsentAgency, ConsentParty
from lots.access.secrecy import CROSSING_GROUNDS, SECRECY_BY_AGENCY_KIND, emergency_partners
from lots.audit.models import Action
from lots.core.db import json_rows
from lots.organisations.actor import Actor
from lots.organisations.models import Agency, Principal
from lots.people.models import Child, RelatedPerson, Relationship

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

C = TypeVar("C", bound=Consent)


def consents_for_child(
    actor: Actor, child_id: int, *, purpose: str | None = None, reference_id: int | None = None
) -> list[Consent]:
    """The child's consents this viewer may see; only those for one purpose (and the plan or case
    it names) when given, so that an export logs the consents it shows and no others. Those come
    with their agencies (`named_agencies`) and parties (`named_parties`) read in the same query."""
    if purpose is None:
        consents: list[Consent] = _readable(actor, Consent.objects.all(), child_id)
        policy.log_access(actor, Action.LIST, consents)
        return consents
    named = _readable(
        actor,
        Consent.objects.filter(purpose=purpose, reference_id=reference_id).annotate(
            _agencies=json_rows(
                ConsentAgency.objects.all(),
                "consent_id",
                id="pk",
                agency_id="agency_id",
                shares="shares",
                receives="receives",
                name="agency__name",
                kind="agency__kind",
                principal_id="agency__principal_id",
                principal_name="agency__principal__name",
                organisation_number="agency__principal__organisation_number",
            ),
            _parties=json_rows(
                ConsentParty.objects.all(),
                "consent_id",
                id="pk",
                role="role",
                guardian_id="guardian_id",
                first_name="guardian__first_name",
                last_name="guardian__last_name",
                protected_identity="guardian__protected_identity",
            ),
        ),
        child_id,
    )
    for consent in named:
        consent.named_agencies = _named_agencies(consent)
        consent.named_parties = _named_parties(consent)
    consents = list(named)
    policy.log_access(actor, Action.LIST, consents)
    return consents


def _readable(actor: Actor, consents: QuerySet[C], child_id: int) -> list[C]:
    """The consents about the child this viewer may see, newest first (`with_grounds` keeps the child's)."""
    return list(
        policy.with_grounds(actor, consents, child_id=child_id)
        .select_related("child", "recorded_in__principal")
        .order_by("-created_at")
    )


class _NamedRows(TypedDict):
    """What `consents_for_child` reads with each consent for one purpose (JSON rows)."""

    _agencies: list[dict[str, Any]] | None
    _parties: list[dict[str, Any]] | None


def _named_agencies(consent: WithAnnotations[Consent, _NamedRows]) -> list[ConsentAgency]:
    """The agencies the consent names, from `_agencies`, with the fields an export shows of each
    (name, kind, principal's name and organisation number), in the order they were added."""
    scopes = [
        ConsentAgency(
            pk=row["id"],
            consent=consent,
            shares=bool(row["shares"]),
            receives=bool(row["receives"]),
            agency=Agency(
                pk=row["agency_id"],
                name=row["name"],
                kind=row["kind"],
                principal=Principal(
                    pk=row["principal_id"], name=row["principal_name"], organisation_number=row["organisation_number"]
                ),
            ),
        )
        for row in consent._agencies or []
    ]
    return sorted(scopes, key=lambda scope: scope.pk)


def _named_parties(consent: WithAnnotations[Consent, _NamedRows]) -> list[ConsentParty]:
    """The consent's parties, from `_parties`, each guardian with their name and whether their
    identity is protected (what presenting them needs), in the order they were added."""
    parties = [
        ConsentParty(
            pk=row["id"],
            consent=consent,
            role=row["role"],
            guardian=None
            if row["guardian_id"] is None
            else RelatedPerson(
                pk=row["guardian_id"],
                first_name=row["first_name"],
                last_name=row["last_name"],
                protected_identity=bool(row["protected_identity"]),
            ),
        )
        for row in consent._parties or []
    ]
    return sorted(parties, key=lambda party: party.pk)


@dataclass(frozen=True)
class ConsentScope:
    """What one active consent lets cross: which agencies share, which receive, which kinds."""

    consent_id: int
    information_kinds: int
    sharing: frozenset[int]
    receiving: frozenset[int]

    def lets(self, *, from_agency_id: int, to_agency_id: int, kind: int) -> bool:
        return bool(self.information_kinds & kind) and from_agency_id in self.sharing and to_agency_id in self.receiving


#: A scope row's keys and the consent's fields they hold (an agency's are null for a consent naming none).
_SCOPE_ROW = {
    "pk": "pk",
    "information_kinds": "information_kinds",
    "agency_id": "agencies__agency_id",
    "shares": "agencies__shares",
    "receives": "agencies__receives",
}


def active_consent_scopes(*, child_id: int, purpose: str, reference_id: int | None = None) -> list[ConsentScope]:
    """The scopes of the active consents for a purpose (and the plan or case it names).

    For explaining on a page what is withheld and on which ground, and for a process to know
    whether it still rests on a consent. It returns agencies and kinds, nothing about a person,
    and the policy itself decides every read, so it is not logged.
    """
    consents = Consent.objects.active().filter(child_id=child_id, purpose=purpose)
    if reference_id is not None:
        consents = consents.filter(reference_id=reference_id)
    # One query: each consent joined to its agencies (a consent naming none still gives one row).
    return scopes_of(dict(zip(_SCOPE_ROW, row, strict=True)) for row in consents.values_list(*_SCOPE_ROW.values()))


def active_consent_scopes_column(*, purpose: str, child: str = "child_id") -> Subquery:
    """`active_consent_scopes` for the record each row of a query is (a SIP: the consents that
    name it, for its child, whose column is `child`), as a JSON column of that query: a page reads
    them with its record instead of in a query of their own. `scopes_of` reads the column."""
    consents = Consent.objects.active().filter(purpose=purpose, child_id=OuterRef(child))
    return json_rows(consents, "reference_id", **_SCOPE_ROW)


def scopes_of(rows: Iterable[dict] | None) -> list[ConsentScope]:
    """The scopes in rows of `_SCOPE_ROW` (a query's, or the JSON column's: None when there are none)."""
    kinds: dict[int, int] = {}
    sharing: dict[int, set[int]] = {}
    receiving: dict[int, set[int]] = {}
    for row in rows or []:
        consent_id, agency_id = row["pk"], row["agency_id"]
        kinds[consent_id] = row["information_kinds"]
        sharing.setdefault(consent_id, set()).update([agency_id] if row["shares"] else [])
        receiving.setdefault(consent_id, set()).update([agency_id] if row["receives"] else [])
    return [
        ConsentScope(
            consent_id=consent_id,
            information_kinds=information_kinds,
            sharing=frozenset(sharing[consent_id]),
            receiving=frozenset(receiving[consent_id]),
        )
        for consent_id, information_kinds in kinds.items()
    ]


def consent_detail(actor: Actor, consent_id: int) -> Consent:
    consent = policy.get_visible(
        actor,
        Consent.objects.select_related("child", "noted_by", "recorded_in").prefetch_related(
            "agencies__agency__principal", "parties__guardian"
        ),
        pk=consent_id,
    )
    policy.log_access(actor, Action.VIEW, [consent])
    return consent


def custodial_guardians(child_id: int) -> list[RelatedPerson]:
    """Names for the consent form; the caller has already read the child through the policy."""
    return list(
        RelatedPerson.objects.filter(
            relationships__child_id=child_id, relationships__kind=Relationship.Kind.GUARDIAN
        ).order_by("last_name", "first_name")
    )


def agencies_for_consent(actor: Actor) -> list[Agency]:
    """The agencies of the actor's region and its municipalities: who a consent may name."""
    principal = actor.staff_membership.unit.agency.principal
    region_id = principal.pk if principal.kind == "region" else principal.region_id
    if region_id is None:
        return list(Agency.objects.filter(principal=principal).select_related("principal").order_by("name"))
    return list(
        Agency.objects.filter(Q(principal_id=region_id) | Q(principal__region_id=region_id))
        .select_related("principal")
        .order_by("principal__name", "name")
    )


@dataclass(frozen=True)
class SecrecyMapRow:
    kind: str
    label: str
    law: str
    summary: str
    agencies: list[Agency]
    emergency_partners: list[str]


def secrecy_map() -> tuple[list[SecrecyMapRow], tuple]:
    """The map staff read is built from the same tables the policy applies."""
    agencies = list(Agency.objects.select_related("principal").order_by("principal__name", "name"))
    rows = []
    for kind, label in Agency.Kind.choices:
        rule = SECRECY_BY_AGENCY_KIND[kind]
        partners = sorted(str(Agency.Kind(other).label) for other in emergency_partners(kind))
        rows.append(
            SecrecyMapRow(
                kind=kind,
                label=str(label),
                law=rule.law,
                summary=str(rule.summary),
                agencies=[a for a in agencies if a.kind == kind],
                emergency_partners=partners,
            )
        )
    return rows, CROSSING_GROUNDS


def belongs_to_principal(child: Child, principal_id: int) -> bool:
    """Whether a child is one of a principal's own: the child's school is the principal's, or staff
    of the principal have been assigned to the child (now or before). A region's own are also
    those of its municipalities. Asked by break the glass, before anything about the child is shown."""
    principals = Principal.objects.filter(Q(pk=principal_id) | Q(region_id=principal_id)).values("pk")
    return (
        Child.objects.filter(pk=child.pk)
        .filter(
            Q(school_unit__agency__principal__in=principals)
            | Exists(Assignment.objects.filter(child_id=OuterRef("pk"), unit__agency__principal__in=principals))
        )
        .exists()
    )


def assigned_staff(*, child_ids, unit_id: int, reason: str) -> dict[int, list[int]]:
    """Who is assigned now, for `reason`, to each of these children in the unit: child id → user
    ids (the mentors of a school's pupils, say). No person data is read; for whom to notify."""
    found: dict[int, list[int]] = {}
    rows = Assignment.objects.active().filter(child_id__in=list(child_ids), unit_id=unit_id, reason=reason)
    for child_id, user_id in rows.values_list("child_id", "user_id").order_by("child_id", "user_id"):
        found.setdefault(child_id, []).append(user_id)
    return found
