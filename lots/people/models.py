from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lots.people.identity import format_identity_number

#: Fields that reveal where a person lives or is. For a person with protected identity
#: they are shown only to staff cleared for that person (access.policy enforces it).
LOCATION_FIELDS = ("street_address", "postal_code", "city", "school_unit")


class PersonBase(models.Model):
    identity_number = models.CharField(
        _("identity number"),
        max_length=12,
        null=True,
        blank=True,
        unique=True,
        help_text=_("Personnummer or samordningsnummer, stored as 12 digits."),
    )
    reserve_number = models.CharField(
        _("reserve number"),
        max_length=20,
        null=True,
        blank=True,
        unique=True,
        help_text=_("A local number for a person without an identity number."),
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=60, blank=True, default="svenska")
    protected_identity = models.BooleanField(
        _("protected identity"),
        default=False,
        help_text=_("Skyddade personuppgifter: address and location are never shown to anyone not cleared."),
    )
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def display_number(self) -> str:
        if self.identity_number:
            return format_identity_number(self.identity_number)
        return self.reserve_number or ""


class Child(PersonBase):
    """A child or young person (0–20) around whom agencies coordinate."""

    # Annotated by the access policy on the rows it reads (`policy.with_grounds`): the ground each
    # is seen under, for the audit log. Not a field; a service passes its ground to `log_access`.
    _ground: str
    _ground_id: int | None

    school_unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("school"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pupils",
    )
    school_year = models.CharField(_("school year"), max_length=20, blank=True)
    school_class = models.CharField(_("class"), max_length=20, blank=True, default="", db_default="")

    class Meta:
        verbose_name = _("child")
        verbose_name_plural = _("children")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(identity_number__isnull=False) | Q(reserve_number__isnull=False),
                name="child_has_a_number",
            )
        ]
        indexes = [models.Index(fields=["last_name", "first_name"], name="child_name_idx")]


class RelatedPerson(PersonBase):
    """A guardian, parent, foster parent, sibling or other person in the child's life."""

    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        verbose_name = _("related person")
        verbose_name_plural = _("related persons")
        ordering = ["last_name", "first_name"]


class Relationship(models.Model):
    class Kind(models.TextChoices):
        GUARDIAN = "guardian", _("Guardian (vårdnadshavare)")
        PARENT_WITHOUT_CUSTODY = "parent_without_custody", _("Parent without custody")
        FOSTER_PARENT = "foster_parent", _("Foster parent (familjehem)")
        SIBLING = "sibling", _("Sibling")
        STEP_PARENT = "step_parent", _("Step-parent")
        GRANDPARENT = "grandparent", _("Grandparent")
        OTHER_RELATIVE = "other_relative", _("Other relative")
        OTHER = "other", _("Other")

    child = models.ForeignKey(Child, verbose_name=_("child"), on_delete=models.CASCADE, related_name="relationships")
    person = models.ForeignKey(
        RelatedPerson,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="relationships",
    )
    kind = models.CharField(_("relation"), max_length=30, choices=Kind.choices)

    class Meta:
        verbose_name = _("relationship")
        verbose_name_plural = _("relationships")
        constraints = [models.UniqueConstraint(fields=["child", "person"], name="relationship_unique_pair")]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_kind_display()} – {self.child}"

    @property
    def has_custody(self) -> bool:
        return self.kind == self.Kind.GUARDIAN


class Household(models.Model):
    """The people who live together. A child of separated parents may belong to two."""

    name = models.CharField(_("name"), max_length=200)
    children = models.ManyToManyField(Child, verbose_name=_("children"), related_name="households", blank=True)
    adults = models.ManyToManyField(RelatedPerson, verbose_name=_("adults"), related_name="households", blank=True)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
