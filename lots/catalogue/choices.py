"""Fixed lists of the catalogue: ways into an intervention, kinds of change, languages."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessRoute(models.TextChoices):
    """How a family gets an intervention, from the most open to the most formal."""

    FREE = "free", _("Free access: contact or book yourself")
    SCHOOL = "school", _("Through the school's rektor or student health")
    SOL_DECISION = "sol_decision", _("Application and a needs-assessed decision (SoL)")
    LSS_APPLICATION = "lss_application", _("Application under LSS")
    REFERRAL = "referral", _("Referral (remiss) to health care")
    SIP = "sip", _("Through a SIP")


#: Plain-language explanation of each route for families.
ROUTE_HELP = {
    AccessRoute.FREE: _("You can contact them yourself. No application or referral is needed."),
    AccessRoute.SCHOOL: _("Talk to the school: the rektor or the student health team decides."),
    AccessRoute.SOL_DECISION: _(
        "You apply to social services. They look at your situation and make a decision you can appeal."
    ),
    AccessRoute.LSS_APPLICATION: _(
        "You apply under LSS. The municipality investigates and makes a decision you can appeal."
    ),
    AccessRoute.REFERRAL: _("A doctor, school nurse or other care provider sends a referral. Ask them."),
    AccessRoute.SIP: _("Agreed at a coordinated individual plan (SIP) meeting with everyone involved."),
}


class Change(models.TextChoices):
    CREATED = "created", _("Created")
    CHANGED = "changed", _("Changed")
    REVIEWED = "reviewed", _("Reviewed, still correct")
    IMPORTED = "imported", _("Imported")


#: Languages an intervention may be given in (ISO 639 codes), named in Swedish.
LANGUAGES = {
    "sv": "svenska",
    "en": "engelska",
    "ar": "arabiska",
    "so": "somaliska",
    "ti": "tigrinja",
    "fa": "persiska",
    "prs": "dari",
    "ku": "kurdiska",
    "bcs": "bosniska/kroatiska/serbiska",
    "pl": "polska",
    "uk": "ukrainska",
    "fi": "finska",
    "sgn": "teckenspråk",
}


def language_label(code: str) -> str:
    return LANGUAGES.get(code, code)


def language_code(text: str) -> str | None:
    """A code from a code or a Swedish language name ("Arabiska" → "ar"); None if unknown."""
    text = (text or "").strip().lower()
    if text in LANGUAGES:
        return text
    return next((code for code, name in LANGUAGES.items() if name == text), None)
