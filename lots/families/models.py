"""The family coordination team (familjelots): referrals, engagements for a household, the
contact map, the family's priorities and outcome measures; network maps and network meetings.

Every record belongs to the agency of the team (or, for network maps and meetings, of the unit
that drew them) and is about a child: for the family's records, the child the referral named.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class TeamCriteria(models.Model):
    """What the team takes on (the team decides against these and records why) and its places."""

    team = models.OneToOneField(
        "organisations.Unit", verbose_name=_("team"), on_delete=models.PROTECT, related_name="family_criteria"
    )
    min_child_age = models.PositiveSmallIntegerField(_("youngest child's age at least"), default=0)
    max_child_age = models.PositiveSmallIntegerField(_("oldest child's age at most"), default=20)
    min_members_with_needs = models.PositiveSmallIntegerField(_("members with needs, at least"), default=2)
    min_agencies = models.PositiveSmallIntegerField(_("agencies involved, at least"), default=2)
    places = models.PositiveSmallIntegerField(_("families at a time"), default=20)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("team criteria")
        verbose_name_plural = _("team criteria")

    def __str__(self) -> str:
        return f"{self.team_id}"


class ReferralSource(models.TextChoices):
    AGENCY = "agency", _("An agency, through its representative")
    FAMILY = "family", _("The family itself")


class SelfReferral(models.Model):
    """A family that contacts the team by itself, through the public page: recorded as the family
    gave it (not tied to the register: nothing the family types identifies anyone in it), for the
    team to call back and, where the family fits, to refer (`refer_family`, source "family")."""

    team = models.ForeignKey(
        "organisations.Unit", verbose_name=_("team"), on_delete=models.PROTECT, related_name="self_referrals"
    )
    name = models.CharField(_("your name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    needs = models.TextField(_("what the family needs help with"))
    members_with_needs = models.PositiveSmallIntegerField(_("members with needs"))
    agencies_involved = models.PositiveSmallIntegerField(_("agencies involved"))
    receipt = models.CharField(max_length=12, unique=True, editable=False)
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    handled_at = models.DateTimeField(_("called back"), null=True, blank=True)

    class Meta:
        verbose_name = _("self-referral")
        verbose_name_plural = _("self-referrals")
        ordering = ["received_at", "pk"]

    def __str__(self) -> str:
        return f"self-referral {self.receipt}"


class ReferralStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    ACCEPTED = "accepted", pgettext_lazy("referral", "Accepted")
    WAITING = "waiting", _("On the waiting list")
    DECLINED = "declined", _("Declined")
    STARTED = "started", _("Started")
    WITHDRAWN = "withdrawn", _("Withdrawn by the family")


class Referral(models.Model):
    """A family referred to the team (or coming by itself), and the team's decision."""

    team = models.ForeignKey(
        "organisations.Unit", verbose_name=_("team"), on_delete=models.PROTECT, related_name="family_referrals"
    )
    child = models.ForeignKey(
        "people.Child", verbose_name=_("child"), on_delete=models.CASCADE, related_name="family_referrals"
    )
    household = models.ForeignKey(
        "people.Household", verbose_name=_("household"), on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(_("referred by"), max_length=10, choices=ReferralSource.choices)
    referring_agency = models.ForeignKey(
        "organisations.Agency",
        verbose_name=_("referring agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    representative = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("the team's representative"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    needs = models.TextField(_("what the family needs help with"))
    members_with_needs = models.PositiveSmallIntegerField(_("members with needs"))
    agencies_involved = models.PositiveSmallIntegerField(_("agencies involved"))
    status = models.CharField(_("status"), max_length=10, choices=ReferralStatus.choices, default="received")
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)  # declined, withdrawn, or coordination ended
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["received_at", "pk"]
        indexes = [models.Index(fields=["team", "status", "received_at"], name="referral_queue_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(source="family") | Q(referring_agency__isnull=False), name="referral_agency_named"
            )
        ]

    def __str__(self) -> str:
        return f"referral {self.pk}"


class EngagementStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("family coordination", "Active")
    ENDED = "ended", _("Ended")


class EndReason(models.TextChoices):
    COMPLETED = "completed", _("The goals are reached")
    FAMILY_ENDED = "family_ended", _("The family ended it")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("The consent was withdrawn")
    MOVED = "moved", _("The family moved")


class Engagement(models.Model):
    """Coordination for a household, on the family's own mandate: a coordinator of the team,
    resting on the family's consent (purpose family coordination, naming this engagement)."""

    # Set by the access policy on the instances it reads (`policy.with_grounds`): the ground. Not a field.
    _ground: str

    referral = models.OneToOneField(Referral, on_delete=models.PROTECT, related_name="engagement")
    team = models.ForeignKey("organisations.Unit", on_delete=models.PROTECT, related_name="family_engagements")
    agency = models.ForeignKey("organisations.Agency", on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="family_engagements")
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("family coordinator"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=EngagementStatus.choices, default="active")
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    end_reason = models.CharField(_("why it ended"), max_length=20, choices=EndReason.choices, blank=True)

    class Meta:
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        indexes = [models.Index(fields=["coordinator", "status"], name="engagement_coordinator_idx")]

    def __str__(self) -> str:
        return f"engagement {self.pk}"


class Member(models.Model):
    """A member of the household the engagement names: a child or an adult."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="members")
    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    adult = models.ForeignKey("people.RelatedPerson", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    has_needs = models.BooleanField(_("has needs of their own"), default=False)
    left_at = models.DateTimeField(_("left"), null=True, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("family", "member")
        verbose_name_plural = _("members")
        indexes = [models.Index(fields=["child", "engagement"], name="member_child_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(child__isnull=False, adult__isnull=True) | Q(child__isnull=True, adult__isnull=False),
                name="member_child_or_adult",
            )
        ]

    def __str__(self) -> str:
        return f"member {self.pk}"

    @property
    def person(self):
        return self.child if self.child_id else self.adult


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("Every week")
    FORTNIGHTLY = "fortnightly", _("Every other week")
    MONTHLY = "monthly", _("Every month")
    TERMLY = "termly", _("A few times a term")
    RARELY = "rarely", _("Now and then")


class Contact(models.Model):
    """One support contact of one member: which agency and unit, the person if the family wants
    it named, what for, how often, the next appointment. Ended contacts are kept with their end."""

    # Set by the access policy on the instances it reads (`policy.with_grounds`): the ground. Not a field.
    _ground: str

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="contacts")
    member = models.ForeignKey(
        Member, verbose_name=pgettext_lazy("family", "member"), on_delete=models.CASCADE, related_name="contacts"
    )
    agency = models.ForeignKey("organisations.Agency", verbose_name=_("agency"), on_delete=models.PROTECT)
    unit = models.ForeignKey(
        "organisations.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, null=True, blank=True
    )
    person_name = models.CharField(_("person (if the family wants it)"), max_length=200, blank=True)
    purpose = models.CharField(_("what for"), max_length=300)
    frequency = models.CharField(_("how often"), max_length=12, choices=Frequency.choices)
    next_appointment = models.DateField(_("next appointment"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        verbose_name = _("support contact")
        verbose_name_plural = _("support contacts")
        ordering = ["member_id", "agency_id", "pk"]

    def __str__(self) -> str:
        return f"contact {self.pk}"


class Priority(models.Model):
    """What matters most to the family now, in its own words, in its own order."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="priorities")
    rank = models.PositiveSmallIntegerField(_("order"))
    text = models.CharField(_("what matters most"), max_length=300)
    set_at = models.DateTimeField(default=timezone.now)
    replaced_at = models.DateTimeField(_("replaced"), null=True, blank=True)

    class Meta:
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")
        ordering = ["rank", "pk"]

    def __str__(self) -> str:
        return f"priority {self.pk}"


class Occasion(models.TextChoices):
    START = "start", _("At the start")
    SIX_MONTHS = "six_months", _("Every six months")
    END = "end", _("At the end")


class Economy(models.TextChoices):
    STABLE = "stable", _("Stable")
    STRAINED = "strained", _("Strained")
    CRISIS = "crisis", _("In crisis")


class OutcomeRating(models.Model):
    """The team's outcome measures for a family at one occasion; the family's own rating of
    structure and of control over everyday life on the same scale (1–5) each time."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="ratings")
    occasion = models.CharField(_("occasion"), max_length=12, choices=Occasion.choices)
    rated_on = models.DateField(_("date"))
    structure = models.PositiveSmallIntegerField(_("structure in everyday life (1–5)"))
    control = models.PositiveSmallIntegerField(_("control over everyday life (1–5)"))
    children_eligible = models.PositiveSmallIntegerField(_("children eligible for a national programme"), default=0)
    adults_in_work_or_study = models.PositiveSmallIntegerField(_("adults in education or work"), default=0)
    economy = models.CharField(_("economic situation"), max_length=10, choices=Economy.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("outcome rating")
        verbose_name_plural = _("outcome ratings")
        ordering = ["rated_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(structure__gte=1, structure__lte=5), name="rating_structure_scale"),
            models.CheckConstraint(condition=Q(control__gte=1, control__lte=5), name="rating_control_scale"),
        ]

    def __str__(self) -> str:
        return f"rating {self.pk}"


class EventKind(models.TextChoices):
    REFERRED = "referred", _("Referred to the team")
    ACCEPTED = "accepted", _("Accepted by the team")
    WAITING = "waiting", _("Put on the waiting list")
    DECLINED = "declined", _("Declined by the team")
    WITHDRAWN = "withdrawn", _("Withdrawn by the family")
    STARTED = "started", _("Coordination started")
    CONTACT_ADDED = "contact_added", _("Contact added")
    CONTACT_CHANGED = "contact_changed", _("Contact changed")
    CONTACT_ENDED = "contact_ended", _("Contact ended")
    PRIORITIES_SET = "priorities_set", _("Priorities set")
    RATED = "rated", _("Outcome measures recorded")
    ENDED = "ended", _("Coordination ended")


class FamilyEvent(models.Model):
    """The referral's and the engagement's history: appended, never changed."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("what happened"), max_length=20, choices=EventKind.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    at = models.DateTimeField(_("when"), default=timezone.now)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("family coordination event")
        verbose_name_plural = _("family coordination events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d}"


# Network maps and network meetings ------------------------------------------------------------


class Sphere(models.TextChoices):
    PRIVATE = "private", _("Private network")
    PROFESSIONAL = "professional", _("Professional network")


class Relation(models.TextChoices):
    RELATIVE = "relative", _("Relative")
    FRIEND = "friend", _("Friend")
    NEIGHBOUR = "neighbour", _("Neighbour")
    ASSOCIATION = "association", _("Association leader")
    PROFESSIONAL = "professional", _("Professional")


class NetworkPerson(models.Model):
    """Someone in the child's network, as the child and the family see them: how close, how
    important (1 = a little, 3 = very). Belongs to the agency whose staff drew it with the family."""

    # Set by the access policy on the instances it reads (`policy.with_grounds`): the ground. Not a field.
    _ground: str

    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="network")
    owner_agency = models.ForeignKey("organisations.Agency", on_delete=models.PROTECT, related_name="+")
    sphere = models.CharField(_("network"), max_length=12, choices=Sphere.choices)
    relation = models.CharField(_("relation"), max_length=12, choices=Relation.choices)
    name = models.CharField(_("name or role"), max_length=200)
    agency = models.ForeignKey(
        "organisations.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, null=True, blank=True
    )
    closeness = models.PositiveSmallIntegerField(_("closeness (1–3)"))
    importance = models.PositiveSmallIntegerField(_("importance (1–3)"))
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("person in the network")
        verbose_name_plural = _("people in the network")
        ordering = ["sphere", "-closeness", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(closeness__gte=1, closeness__lte=3), name="network_closeness_scale"),
            models.CheckConstraint(condition=Q(importance__gte=1, importance__lte=3), name="network_importance_scale"),
        ]

    def __str__(self) -> str:
        return self.name


class NetworkMeeting(models.Model):
    """The child, the private and the professional network together; the agreed plan."""

    # Set by the access policy on the instances it reads (`policy.with_grounds`): the ground. Not a field.
    _ground: str

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")

    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="network_meetings")
    owner_agency = models.ForeignKey("organisations.Agency", on_delete=models.PROTECT, related_name="+")
    called_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    starts_at = models.DateTimeField(_("when"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="planned")
    notes = models.TextField(_("notes"), blank=True)
    agreed_plan = models.TextField(_("the agreed plan"), blank=True)
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    # Carried over into a SIP (`meeting_to_sip`): the plan's id as the plans app gave it (a sibling
    # app's table is not referenced here).
    carried_over_at = models.DateTimeField(_("carried over into a SIP"), null=True, blank=True)
    carried_to_plan = models.PositiveIntegerField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("network meeting")
        verbose_name_plural = _("network meetings")
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return f"network meeting {self.pk}"


class Attendee(models.Model):
    """Who was invited to a network meeting, and whether they came."""

    meeting = models.ForeignKey(NetworkMeeting, on_delete=models.CASCADE, related_name="attendees")
    sphere = models.CharField(_("network"), max_length=12, choices=Sphere.choices)
    name = models.CharField(_("name or role"), max_length=200)
    agency = models.ForeignKey(
        "organisations.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, null=True, blank=True
    )
    attended = models.BooleanField(_("came"), null=True)

    class Meta:
        verbose_name = _("invitee")
        verbose_name_plural = _("invitees")
        ordering = ["sphere", "pk"]

    def __str__(self) -> str:
        return self.name


class AgreedAction(models.Model):
    """What the network itself, or a professional, will do."""

    meeting = models.ForeignKey(NetworkMeeting, on_delete=models.CASCADE, related_name="actions")
    sphere = models.CharField(_("who does it"), max_length=12, choices=Sphere.choices)
    who = models.CharField(_("who"), max_length=200)
    agency = models.ForeignKey(
        "organisations.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, null=True, blank=True
    )
    what = models.CharField(_("what"), max_length=500)
    due_on = models.DateField(pgettext_lazy("due date", "by"), null=True, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    class Meta:
        verbose_name = _("agreed action")
        verbose_name_plural = _("agreed actions")
        ordering = ["sphere", "pk"]

    def __str__(self) -> str:
        return self.what[:40]
