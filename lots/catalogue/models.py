"""The intervention catalogue: what every agency offers, the needs it meets, and who keeps it.

Nothing here is about a person: entries, needs and agency profiles describe services. Editing
is still restricted (an administrator, or a staff member with an `EditorGrant` for the agency),
and every change of an entry is kept as an `InterventionVersion`.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lots.catalogue.choices import AccessRoute, Change, language_label


class NeedTag(models.Model):
    """One need in the controlled vocabulary, with the words people use for it."""

    slug = models.SlugField(_("key"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    name_en = models.CharField(_("name in English"), max_length=100)
    synonyms = models.TextField(
        _("synonyms"),
        blank=True,
        help_text=_("Other words for the need, one per line or separated by commas (e.g. ADHD, autism)."),
    )
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """The need's name in the language of the page: English where it has one, else Swedish."""
        return self.name_en if get_language() == "en" and self.name_en else self.name

    def terms(self) -> list[str]:
        """Every way of naming the need: its names and its synonyms."""
        extra = [s.strip() for s in self.synonyms.replace("\n", ",").split(",")]
        return [self.name, self.name_en, *[s for s in extra if s]]


class Intervention(models.Model):
    """An insats: one support that an agency offers, described for families and for staff."""

    agency = models.ForeignKey(
        "organisations.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="interventions"
    )
    unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="interventions",
    )
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    summary = models.TextField(_("description for families"), help_text=_("Plain Swedish: what it is and for whom."))
    summary_en = models.TextField(_("description for families in English"), blank=True)
    professional_description = models.TextField(_("description for professionals"), blank=True)
    needs = models.ManyToManyField(NeedTag, verbose_name=_("needs"), related_name="interventions", blank=True)
    age_min = models.PositiveSmallIntegerField(_("from age"), default=0)
    age_max = models.PositiveSmallIntegerField(_("to age"), default=20)
    access_route = models.CharField(_("how to get it"), max_length=30, choices=AccessRoute.choices)
    how_to_get = models.TextField(_("how to get it, in words"), blank=True)
    how_to_get_en = models.TextField(_("how to get it, in English"), blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)
    cost = models.CharField(_("cost to the family"), max_length=200, blank=True)
    waiting_time = models.CharField(_("current waiting time"), max_length=100, blank=True)
    capacity = models.CharField(_("capacity"), max_length=200, blank=True)
    where_and_when = models.CharField(_("where and when"), max_length=300, blank=True)
    contact = models.CharField(_("contact"), max_length=300, blank=True)
    languages = models.CharField(
        _("languages"), max_length=200, blank=True, help_text=_("Language codes, stored as ,sv,ar, for filtering.")
    )
    published = models.BooleanField(_("published to the public"), default=False)
    active = models.BooleanField(_("offered"), default=True)
    reviewed_at = models.DateTimeField(_("last reviewed"), default=timezone.now)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("changed"), default=timezone.now)
    # The search document, kept in step by the services that write entries (search/index.py).
    search_terms = models.TextField(editable=False, blank=True)
    need_count = models.PositiveSmallIntegerField(default=0, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="intervention_unique_name"),
            models.CheckConstraint(condition=Q(age_min__lte=models.F("age_max")), name="intervention_ages_in_order"),
        ]
        indexes = [models.Index(fields=["reviewed_at"], name="intervention_review_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def language_codes(self) -> list[str]:
        return [code for code in self.languages.split(",") if code]

    @property
    def language_labels(self) -> list[str]:
        return [language_label(code) for code in self.language_codes]


class InterventionVersion(models.Model):
    """One change of an entry: who, when, what. Appended, never edited."""

    intervention = models.ForeignKey(
        Intervention, verbose_name=_("intervention"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    change = models.CharField(_("change"), max_length=20, choices=Change.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)
    changed_fields = models.JSONField(_("changed fields"), default=list)
    snapshot = models.JSONField(_("content"), default=dict)

    class Meta:
        verbose_name = _("intervention version")
        verbose_name_plural = _("intervention versions")
        ordering = ["intervention", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["intervention", "number"], name="intervention_version_once"),
        ]

    def __str__(self) -> str:
        return f"{self.intervention_id} v{self.number}"


class EditorGrant(models.Model):
    """A staff member who keeps one agency's entries and profile. Granted by an administrator
    in the admin; it counts only while the person holds a current role in that agency."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("staff member"), on_delete=models.CASCADE, related_name="+"
    )
    agency = models.ForeignKey(
        "organisations.Agency", verbose_name=_("agency"), on_delete=models.CASCADE, related_name="catalogue_editors"
    )
    granted_at = models.DateTimeField(_("granted"), default=timezone.now)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("catalogue editor")
        verbose_name_plural = _("catalogue editors")
        constraints = [models.UniqueConstraint(fields=["user", "agency"], name="editor_grant_once")]

    def __str__(self) -> str:
        return f"{self.user} – {self.agency}"


class AgencyProfile(models.Model):
    """What an agency is for, what it may decide and how to reach it: for staff of other
    agencies, who often do not know, and for families."""

    agency = models.OneToOneField(
        "organisations.Agency", verbose_name=_("agency"), on_delete=models.CASCADE, related_name="profile"
    )
    mission = models.TextField(_("mission"))
    mission_en = models.TextField(_("mission in English"), blank=True)
    laws = models.TextField(_("laws it works under"), blank=True)
    can_decide = models.TextField(_("what it can decide"), blank=True)
    cannot_decide = models.TextField(_("what it cannot decide"), blank=True)
    sip_contact = models.TextField(_("how to reach it for a SIP"), blank=True)
    consultation_contact = models.TextField(_("how to reach it for a consultation"), blank=True)
    public_contact = models.TextField(_("how families reach it"), blank=True)
    updated_at = models.DateTimeField(_("changed"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("agency profile")
        verbose_name_plural = _("agency profiles")

    def __str__(self) -> str:
        return str(self.agency)


class ForumSeat(models.Model):
    """Who represents the agency in which collaboration forum (BUS, stormöte, steering group…)."""

    profile = models.ForeignKey(
        AgencyProfile, verbose_name=_("agency profile"), on_delete=models.CASCADE, related_name="forum_seats"
    )
    forum = models.CharField(_("forum"), max_length=200)
    representative = models.CharField(_("represented by"), max_length=200, help_text=_("Role, and name if wanted."))

    class Meta:
        verbose_name = _("forum seat")
        verbose_name_plural = _("forum seats")
        ordering = ["forum"]

    def __str__(self) -> str:
        return f"{self.forum}: {self.representative}"
