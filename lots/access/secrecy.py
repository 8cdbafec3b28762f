"""The secrecy map: which rules each kind of agency works under, and which grounds let
information cross between them. The policy and the staff page "Sekretesskartan" both read
this module, so what staff are told and what the policy does cannot differ.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from lots.organisations.models import Agency


class InformationKind(models.IntegerChoices):
    """Kinds of information a consent may cover. Stored as bits so one integer names a set."""

    PLAN = 1, _("The coordinated plan (goals, actions, meetings)")
    SCHOOL = 2, _("School situation and student health")
    HEALTH = 4, _("Health and care")
    SOCIAL = 8, _("Social situation and social services' actions")
    CONTACT = 16, _("Contact details and who works around the child")
    ATTENDANCE = 32, _("School attendance")


ALL_INFORMATION_KINDS = sum(kind.value for kind in InformationKind)


def kinds_to_bits(kinds) -> int:
    return sum(int(kind) for kind in set(kinds))


def bits_to_kinds(bits: int) -> list[InformationKind]:
    return [kind for kind in InformationKind if bits & kind.value]


class Purpose(models.TextChoices):
    SIP = "sip", _("A coordinated individual plan (SIP)")
    FAMILY_COORDINATION = "family_coordination", _("Family coordination")
    NAMED_EXCHANGE = "named_exchange", _("A named exchange of information")


class CrossPrincipalGround(models.TextChoices):
    """The documented grounds on which staff break the glass for a child of another principal
    (another municipality or region): each names its law. Without one, only the own principal's."""

    NECESSARY_DISCLOSURE = "osl_10_2", _("Necessary for our agency to do its work now (OSL 10 kap. 2 §)")
    NECESSARY_CARE = (
        "osl_25_12_26_9",
        _("Necessary care or support of a child under 18 (OSL 25 kap. 12 §, 26 kap. 9 §)"),
    )


@dataclass(frozen=True)
class SecrecyRule:
    law: str
    summary: str


@dataclass(frozen=True)
class CrossingGround:
    key: str
    name: str
    law: str
    summary: str
    opens_break_the_glass_across_domains: bool = False


SECRECY_BY_AGENCY_KIND: dict[str, SecrecyRule] = {
    Agency.Kind.SCHOOL: SecrecyRule(
        law="OSL 23 kap. 2 §; medicinsk elevhälsa OSL 25 kap. 1 §",
        summary=_(
            "Strong secrecy for psychological, psychosocial and special-needs student health; "
            "the school nurse and doctor work under health-care secrecy."
        ),
    ),
    Agency.Kind.SOCIAL_SERVICES: SecrecyRule(
        law="OSL 26 kap. 1 §",
        summary=_("Strong secrecy: nothing is disclosed unless it is clear the person suffers no harm."),
    ),
    Agency.Kind.CARE: SecrecyRule(
        law="OSL 26 kap. 1 §",
        summary=_("LSS and care services are social services in the sense of secrecy: strong secrecy."),
    ),
    Agency.Kind.HEALTH_CARE: SecrecyRule(
        law="OSL 25 kap. 1 §",
        summary=_("Strong secrecy for health and personal circumstances in health care."),
    ),
    Agency.Kind.OTHER: SecrecyRule(
        law="OSL 18 och 35 kap. (polis); annan sekretess enligt verksamheten",
        summary=_("Secrecy under the rules of that body; nothing crosses without a ground."),
    ),
}

CROSSING_GROUNDS: tuple[CrossingGround, ...] = (
    CrossingGround(
        key="consent",
        name=_("Consent"),
        law="OSL 10 kap. 1 §, 12 kap. 2–3 §§",
        summary=_(
            "The guardians (and the child, by age and maturity) consent to named agencies sharing "
            "named kinds of information for a purpose. Withdrawal acts at once."
        ),
    ),
    CrossingGround(
        key="duty_to_report",
        name=_("Duty to report"),
        law="SoL (2025:400) 19 kap. 1 §; OSL 10 kap. 28 §",
        summary=_(
            "Professionals report a concern about a child to social services. The reporter is told "
            "only whether an investigation was opened (SoL 19 kap. 6 §)."
        ),
    ),
    CrossingGround(
        key="duty_to_inform",
        name=_("Duty to provide information"),
        law="SoL (2025:400) 20 kap. 6 §; OSL 10 kap. 28 §",
        summary=_("During a child investigation, reporting bodies must supply what social services need."),
    ),
    CrossingGround(
        key="emergency",
        name=_("Necessary care for a child"),
        law="OSL 25 kap. 12 §, 26 kap. 9 §",
        summary=_(
            "Health care and social services may share about a child under 18 when it is needed to "
            "give necessary care or support. Does not extend to school. In Lots: break the glass, "
            "with a reason, for a limited time, reviewed afterwards."
        ),
        opens_break_the_glass_across_domains=True,
    ),
)

#: Pairs of agency kinds between which the emergency ground lets break-the-glass cross.
EMERGENCY_CROSSINGS: frozenset[frozenset[str]] = frozenset(
    {
        frozenset({Agency.Kind.HEALTH_CARE, Agency.Kind.SOCIAL_SERVICES}),
        frozenset({Agency.Kind.HEALTH_CARE, Agency.Kind.CARE}),
        frozenset({Agency.Kind.SOCIAL_SERVICES, Agency.Kind.CARE}),
    }
)


def emergency_partners(kind: str | None) -> list[str]:
    """The agency kinds whose records a break the glass in an agency of `kind` reaches under the
    emergency ground, in order: what the policy writes into its SQL (`EmergencyCrossing`) and
    what the secrecy map shows staff."""
    return sorted({other for pair in EMERGENCY_CROSSINGS if kind in pair for other in pair} - {kind})


def emergency_may_cross(from_kind: str, to_kind: str) -> bool:
    return from_kind == to_kind or to_kind in emergency_partners(from_kind)
