"""The experience indicators of the follow-up: how many of the children and guardians asked
after a SIP meeting or at closing answered "yes" to each of the two questions (issue 23).

Counted like the plans' other shares (`lots.plans.indicators`): one grouped query, by the plan's
agency (the agency that requested it; with a unit chosen, the plans the unit takes part in),
returning counts only; the follow-up app suppresses small cells by its one rule.
"""

from __future__ import annotations

from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _

from lots.followup.registry import Definition, Indicator, Kind, Scope, Tally
from lots.plans.indicators import AREA, OWNER, _plans
from lots.plans.models import Answer, ExperienceAnswer


def _share_yes(scope: Scope, question: str) -> list[Tally]:
    rows = (
        ExperienceAnswer.objects.filter(
            _plans(scope, "sip__"), answered_on__gte=scope.period.start, answered_on__lte=scope.period.end
        )
        .exclude(**{question: Answer.NONE})
        .values(org=F("sip__requesting_agency_id"))
        .annotate(of=Count("*"), n=Count("pk", filter=Q(**{question: Answer.YES})))
        .order_by()
    )
    return [Tally(agency_id=r["org"], n=r["n"], of=r["of"]) for r in rows]


def listened_to(scope: Scope) -> list[Tally]:
    return _share_yes(scope, "listened_to")


def knows_whom_to_call(scope: Scope) -> list[Tally]:
    return _share_yes(scope, "knows_whom_to_call")


def indicators() -> list[Indicator]:
    dated = _("The day the answers were given.")
    excluded = _(
        "Those who did not answer the question. Each answer counts, from the child and from each guardian; "
        "an answer entered both from paper and in the family view counts twice. A plan belongs to the agency "
        "that requested it; with a unit chosen, to every unit taking part."
    )
    return [
        Indicator(
            area=AREA,
            owner=OWNER,
            key="sip.experience_listened_to",
            label=_("Children and guardians who felt listened to"),
            kind=Kind.SHARE,
            definition=Definition(
                counted=_(
                    "Answers to “Did you feel listened to?” after a SIP meeting or at closing, and those that "
                    "were “yes” (“partly” is not “yes”)."
                ),
                dated=dated,
                excluded=excluded,
            ),
            compute=listened_to,
        ),
        Indicator(
            area=AREA,
            owner=OWNER,
            key="sip.experience_knows_whom_to_call",
            label=_("Children and guardians who know whom to call"),
            kind=Kind.SHARE,
            definition=Definition(
                counted=_(
                    "Answers to “Do you know whom to call?” after a SIP meeting or at closing, and those that "
                    "were “yes” (“partly” is not “yes”)."
                ),
                dated=dated,
                excluded=excluded,
            ),
            compute=knows_whom_to_call,
        ),
    ]
