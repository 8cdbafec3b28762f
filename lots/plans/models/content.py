"""What the parties write in a plan. Each row belongs to the agency of the member of staff who
wrote it (its secrecy domain) and crosses to another agency only under an active consent for
this very SIP (access policy, policies.py)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lots.plans.models.meetings import SipMeeting
from lots.plans.models.plan import Sip, SipParticipant


class Written(models.Model):
    owner_agency = models.ForeignKey("organisations.Agency", on_delete=models.PROTECT, related_name="+")
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        abstract = True


class Area(models.TextChoices):
    SCHOOL = "school", _("School")
    HEALTH = "health", _("Health")
    FAMILY = "family", _("Family")
    LEISURE = "leisure", _("Leisure")
    HOUSING = "housing", _("Housing")
    ECONOMY = "economy", _("Economy")
    OTHER = "other", _("Other")


class GoalKind(models.TextChoices):
    NEED = "need", _("Need")
    CHILD_GOAL = "child_goal", _("The child's own goal, in the child's words")
    SHARED_GOAL = "shared_goal", _("Shared goal")


class SipGoal(Written):
    """A need or a goal, by area."""

    sip = models.ForeignKey(Sip, on_delete=models.CASCADE, related_name="goals")
    area = models.CharField(_("area"), max_length=20, choices=Area.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=GoalKind.choices)
    text = models.TextField(_("text"))
    version = models.PositiveIntegerField(default=1)
    revised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("SIP need or goal")
        verbose_name_plural = _("SIP needs and goals")
        ordering = ["area", "kind", "pk"]

    def __str__(self) -> str:
        return f"SIP {self.sip_id} {self.kind}"


class ResponsibleKind(models.TextChoices):
    AGENCY = "agency", _("An agency (municipality or region)")
    FAMILY = "family", _("The family")
    ASSOCIATION = "association", _("An association")
    POLICE = "police", _("The police")
    OTHER = "other", _("Someone else (Försäkringskassan, employer …)")


class CostPeriod(models.TextChoices):
    ONCE = "once", _("once")
    MONTH = "month", _("per month")
    YEAR = "year", _("per year")


class SipAction(Written):
    """An action (insats): what, by whom, from when to when, and what it costs whom."""

    sip = models.ForeignKey(Sip, on_delete=models.CASCADE, related_name="actions")
    what = models.TextField(pgettext_lazy("sip", "action"))
    responsible_kind = models.CharField(_("responsible"), max_length=20, choices=ResponsibleKind.choices)
    responsible_agency = models.ForeignKey(
        "organisations.Agency",
        verbose_name=_("responsible agency"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    responsible_other = models.CharField(_("responsible, if not an agency"), max_length=200, blank=True)
    responsible_person = models.CharField(_("responsible person"), max_length=200, blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"), null=True, blank=True)
    goal = models.ForeignKey(
        SipGoal, verbose_name=_("goal it serves"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    intervention = models.ForeignKey(
        "catalogue.Intervention",
        verbose_name=_("intervention in the catalogue"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The intervention's name as it was when the action was written (the plan keeps its words if
    # the catalogue entry is renamed or removed), or a name outside the catalogue.
    intervention_name = models.CharField(_("intervention"), max_length=200, blank=True)
    cost_amount = models.DecimalField(_("cost (SEK)"), max_digits=12, decimal_places=2, null=True, blank=True)
    cost_period = models.CharField(_("cost period"), max_length=10, choices=CostPeriod.choices, blank=True)
    version = models.PositiveIntegerField(default=1)
    revised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("SIP action")
        verbose_name_plural = _("SIP actions")
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")), name="sip_action_dates_in_order"
            ),
            models.CheckConstraint(
                condition=Q(responsible_kind="agency", responsible_agency__isnull=False)
                | (~Q(responsible_kind="agency") & ~Q(responsible_other="")),
                name="sip_action_has_a_responsible",
            ),
            models.CheckConstraint(condition=Q(cost_amount__isnull=True) | Q(cost_amount__gte=0), name="sip_cost_0"),
        ]

    def __str__(self) -> str:
        return f"SIP {self.sip_id} action {self.pk}"


class SipCostShare(models.Model):
    """Joint financing: the share of an action's cost an agency (and so its principal) pays."""

    action = models.ForeignKey(SipAction, on_delete=models.CASCADE, related_name="cost_shares")
    payer = models.ForeignKey("organisations.Agency", verbose_name=_("paid by"), on_delete=models.PROTECT)
    percent = models.PositiveSmallIntegerField(
        _("share (%)"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )

    class Meta:
        verbose_name = _("cost share")
        verbose_name_plural = _("cost shares")
        ordering = ["-percent", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["action", "payer"], name="sip_cost_share_once"),
            models.CheckConstraint(condition=Q(percent__gte=1, percent__lte=100), name="sip_cost_share_percent"),
        ]

    def __str__(self) -> str:
        return f"{self.payer_id}: {self.percent} %"


class SipMinutes(Written):
    """The minutes of a meeting, and how the child's views were heard if the child was not there."""

    meeting = models.OneToOneField(SipMeeting, on_delete=models.CASCADE, related_name="minutes")
    text = models.TextField(_("minutes"))
    child_views = models.TextField(
        _("the child's views"),
        blank=True,
        help_text=_("If the child did not attend: how the child's views were obtained, and what they are."),
    )
    version = models.PositiveIntegerField(default=1)
    revised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("SIP minutes")
        verbose_name_plural = _("SIP minutes")

    def __str__(self) -> str:
        return f"minutes {self.meeting_id}"


class SipNote(Written):
    """A note about the plan or about one participant (why a relative takes part, an interpreter …)."""

    sip = models.ForeignKey(Sip, on_delete=models.CASCADE, related_name="notes")
    participant = models.ForeignKey(
        SipParticipant, verbose_name=_("about"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.TextField(_("note"))

    class Meta:
        verbose_name = _("SIP note")
        verbose_name_plural = _("SIP notes")
        ordering = ["written_at", "pk"]

    def __str__(self) -> str:
        return f"SIP {self.sip_id} note {self.pk}"


class SipFollowUp(Written):
    """A follow-up of the plan: how it went, and when it is followed up next."""

    sip = models.ForeignKey(Sip, on_delete=models.CASCADE, related_name="follow_ups")
    held_on = models.DateField(_("followed up on"))
    summary = models.TextField(_("summary"))
    next_follow_up_on = models.DateField(_("next follow-up"), null=True, blank=True)

    class Meta:
        verbose_name = _("SIP follow-up")
        verbose_name_plural = _("SIP follow-ups")
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"SIP {self.sip_id} follow-up {self.held_on}"


class Done(models.TextChoices):
    YES = "yes", pgettext_lazy("sip follow-up", "Done")
    PARTLY = "partly", _("Partly done")
    NO = "no", _("Not done")


class Effect(models.TextChoices):
    YES = "yes", _("Had the intended effect")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No effect")
    TOO_EARLY = "too_early", _("Too early to say")


class SipActionReview(models.Model):
    """At a follow-up: whether one action was done and had the intended effect."""

    follow_up = models.ForeignKey(SipFollowUp, on_delete=models.CASCADE, related_name="reviews")
    action = models.ForeignKey(SipAction, on_delete=models.CASCADE, related_name="reviews")
    done = models.CharField(pgettext_lazy("sip follow-up", "done"), max_length=10, choices=Done.choices)
    effect = models.CharField(_("effect"), max_length=10, choices=Effect.choices)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("action review")
        verbose_name_plural = _("action reviews")
        constraints = [models.UniqueConstraint(fields=["follow_up", "action"], name="sip_review_once")]

    def __str__(self) -> str:
        return f"{self.action_id}: {self.done}/{self.effect}"
