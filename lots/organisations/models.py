from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lots.organisations.roles import MANAGER_ROLES, Role
from lots.organisations.validators import validate_organisation_number


class Principal(models.Model):
    """A huvudman: a municipality or a region, the legal body responsible."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        REGION = "region", _("Region")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    organisation_number = models.CharField(
        _("organisation number"),
        max_length=11,
        unique=True,
        validators=[validate_organisation_number],
    )
    region = models.ForeignKey(
        "self",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="municipalities",
        limit_choices_to={"kind": "region"},
        help_text=_("The region a municipality belongs to."),
    )

    class Meta:
        verbose_name = _("principal")
        verbose_name_plural = _("principals")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Agency(models.Model):
    """A förvaltning or verksamhet of a principal. Each agency is one secrecy domain."""

    class Kind(models.TextChoices):
        SCHOOL = "school", _("School")
        SOCIAL_SERVICES = "social_services", _("Social services")
        CARE = "care", _("Care / LSS")
        HEALTH_CARE = "health_care", _("Health care")
        OTHER = "other", _("Police / other")

    principal = models.ForeignKey(
        Principal, verbose_name=_("principal"), on_delete=models.PROTECT, related_name="agencies"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    names_staff_to_families = models.BooleanField(
        _("families see staff names"),
        default=False,
        db_default=False,  # the scale generator writes agencies with SQL of its own
        help_text=_("Whether the family view's \"who has read\" names this agency's staff. Off: role and agency only."),
    )

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["principal__name", "name"]
        constraints = [models.UniqueConstraint(fields=["principal", "name"], name="agency_unique_name")]

    def __str__(self) -> str:
        return f"{self.name} ({self.principal.name})"


class Unit(models.Model):
    """An enhet: a school, a social services unit, a clinic."""

    class Kind(models.TextChoices):
        SCHOOL = "school", _("School")
        RESOURCE_SCHOOL = "resource_school", _("Resource school")
        PRESCHOOL = "preschool", _("Preschool")
        SOCIAL_SERVICES_RECEPTION = "social_services_reception", _("Social services reception")
        SOCIAL_SERVICES_INVESTIGATION = (
            "social_services_investigation",
            _("Social services investigation"),
        )
        FAMILY_TREATMENT = "family_treatment", _("Family treatment")
        FIELD_WORK = "field_work", _("Field work")
        LSS = "lss", _("LSS / disability services")
        FAMILY_COORDINATION = "family_coordination", _("Family coordination team")
        BUP = "bup", _("Child and adolescent psychiatry (BUP)")
        HABILITATION = "habilitation", _("Habilitation")
        PRIMARY_CARE = "primary_care", _("Primary care centre")
        YOUTH_CLINIC = "youth_clinic", _("Youth clinic")
        ADMINISTRATION = "administration", _("Administration")
        OTHER = "other", _("Other")

    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="units")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    school_unit_code = models.CharField(
        _("school unit code"),
        max_length=8,
        blank=True,
        default="",
        db_default="",
        help_text=_("Skolverket's skolenhetskod (8 digits): how the school administration system names the school."),
    )

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="unit_unique_name"),
            models.UniqueConstraint(
                fields=["school_unit_code"], condition=~Q(school_unit_code=""), name="unit_unique_school_code"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A member of staff. What they may do comes from their memberships, not from flags."""

    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("staff user")
        verbose_name_plural = _("staff users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class MembershipQuerySet(models.QuerySet):
    def current(self, today=None):
        today = today or timezone.localdate()
        return self.filter(Q(valid_from__lte=today), Q(valid_until__isnull=True) | Q(valid_until__gte=today))


class Membership(models.Model):
    """A user's role in a unit. A user may hold several; they act in one at a time."""

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=40, choices=Role.choices)
    valid_from = models.DateField(_("valid from"), default=timezone.localdate)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["user__last_name", "unit__name", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique_role"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="membership_dates_in_order",
            ),
        ]
        indexes = [models.Index(fields=["unit", "role"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}, {self.unit}"

    @property
    def agency(self) -> Agency:
        return self.unit.agency

    @property
    def manages_unit(self) -> bool:
        return self.role in MANAGER_ROLES


class RoleRequirement(models.Model):
    """Per-role sign-in requirements that an administrator sets."""

    role = models.CharField(_("role"), max_length=40, choices=Role.choices, unique=True)
    requires_otp = models.BooleanField(_("requires one-time code"), default=False)

    class Meta:
        verbose_name = _("role requirement")
        verbose_name_plural = _("role requirements")

    def __str__(self) -> str:
        return self.get_role_display()
