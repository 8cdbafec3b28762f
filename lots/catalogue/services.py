"""Changes to the catalogue. Each function is one business action in one transaction: it checks
who may edit, validates, writes the entry, appends a version and refreshes the search document.

The catalogue holds no person data, so these actions write no access-log rows; the versions are
its own record of who changed what and when.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lots.catalogue import permissions
from lots.catalogue.choices import LANGUAGES, AccessRoute, Change
from lots.catalogue.models import AgencyProfile, ForumSeat, Intervention, InterventionVersion, NeedTag
from lots.catalogue.search import index
from lots.organisations.actor import Actor
from lots.organisations.models import Agency, Unit

#: The fields an editor sets (in the order versions and exports list them).
FIELDS = (
    "name",
    "name_en",
    "summary",
    "summary_en",
    "professional_description",
    "unit",
    "needs",
    "age_min",
    "age_max",
    "access_route",
    "how_to_get",
    "how_to_get_en",
    "legal_basis",
    "cost",
    "waiting_time",
    "capacity",
    "where_and_when",
    "contact",
    "languages",
    "published",
    "active",
)
REQUIRED = ("name", "summary", "access_route")
MAX_AGE = 25
TEXT_LIMITS = {
    field.name: field.max_length
    for field in Intervention._meta.get_fields()
    if isinstance(field, models.Field) and field.max_length and field.name in FIELDS
}


def _require_editor(actor: Actor, agency_id: int) -> None:
    if not permissions.may_edit(actor, agency_id):
        raise PermissionDenied(_("You do not keep this agency's entries in the catalogue."))


def validate(*, agency: Agency, data: Mapping, instance: Intervention | None = None) -> dict:
    """The entry's values, cleaned; a ValidationError naming each bad field (nothing is saved)."""
    errors: dict[str, str] = {}
    clean = {field: data[field] for field in FIELDS if field in data}
    for field in ("name", "name_en", "summary", "summary_en", "professional_description", "how_to_get"):
        if field in clean:
            clean[field] = (clean[field] or "").strip()
    for field in REQUIRED:
        if not clean.get(field, getattr(instance, field, "") if instance else ""):
            errors[field] = _("This field is required.")
    for field, limit in TEXT_LIMITS.items():
        if len(str(clean.get(field) or "")) > limit:
            errors[field] = _("At most %(limit)d characters.") % {"limit": limit}
    if "access_route" in clean and clean["access_route"] and clean["access_route"] not in AccessRoute.values:
        errors["access_route"] = _("Choose one of the ways in.")
    age_min = clean.get("age_min", instance.age_min if instance else 0)
    age_max = clean.get("age_max", instance.age_max if instance else 20)
    for field, value in (("age_min", age_min), ("age_max", age_max)):
        if not isinstance(value, int) or not 0 <= value <= MAX_AGE:
            errors[field] = _("An age between 0 and %(max)d.") % {"max": MAX_AGE}
    if "age_min" not in errors and "age_max" not in errors and age_min > age_max:
        errors["age_max"] = _("The upper age must not be below the lower age.")
    unit = clean.get("unit")
    if unit is not None and unit.agency_id != agency.pk:
        errors["unit"] = _("The unit belongs to another agency.")
    if "languages" in clean:
        codes = list(dict.fromkeys(clean["languages"] or []))
        unknown = [code for code in codes if code not in LANGUAGES]
        if unknown:
            errors["languages"] = _("Unknown language: %(codes)s.") % {"codes": ", ".join(unknown)}
        clean["languages"] = f",{','.join(codes)}," if codes else ""
    name = clean.get("name")
    if name and "name" not in errors:
        same = Intervention.objects.filter(agency=agency, name__iexact=name)
        if instance is not None:
            same = same.exclude(pk=instance.pk)
        if same.exists():
            errors["name"] = _("The agency already has an entry with this name.")
    if errors:
        raise ValidationError(errors)
    return clean


def snapshot(entry: Intervention) -> dict:
    """The entry's content as a version keeps it (units and needs by name, to outlive them)."""
    values: dict[str, object] = {}
    for field in FIELDS:
        if field == "unit":
            values[field] = entry.unit.name if entry.unit else ""
        elif field == "needs":
            values[field] = sorted(entry.needs.values_list("slug", flat=True))
        else:
            values[field] = getattr(entry, field)
    return values


def _append_version(actor: Actor, entry: Intervention, change: str, before: dict | None) -> InterventionVersion:
    after = snapshot(entry)
    changed = [field for field in FIELDS if before is None or before.get(field) != after.get(field)]
    return InterventionVersion.objects.create(
        intervention=entry,
        number=entry.version,
        change=change,
        changed_by=actor.user,
        changed_at=entry.updated_at,
        changed_fields=changed,
        snapshot=after,
    )


def _write(entry: Intervention, clean: dict) -> None:
    needs: Sequence[NeedTag] | None = clean.pop("needs", None)
    for field, value in clean.items():
        setattr(entry, field, value)
    entry.save()
    if needs is not None:
        entry.needs.set(needs)


@transaction.atomic
def create_intervention(*, actor: Actor, agency: Agency, data: Mapping, change: str = Change.CREATED) -> Intervention:
    """A new entry, version 1, reviewed today."""
    _require_editor(actor, agency.pk)
    clean = validate(agency=agency, data=data)
    now = timezone.now()
    entry = Intervention(agency=agency, created_at=now, updated_at=now, reviewed_at=now, version=1)
    _write(entry, clean)
    _append_version(actor, entry, change, None)
    index.refresh([entry])
    return entry


@transaction.atomic
def update_intervention(
    *, actor: Actor, intervention: Intervention, data: Mapping, expected_version: int, change: str = Change.CHANGED
) -> Intervention:
    """Change an entry. Refused if someone else changed it since the editor opened it."""
    _require_editor(actor, intervention.agency_id)
    entry = _locked(intervention, expected_version)
    before = snapshot(entry)
    clean = validate(agency=entry.agency, data=data, instance=entry)
    entry.version += 1
    entry.updated_at = entry.reviewed_at = timezone.now()
    _write(entry, clean)
    _append_version(actor, entry, change, before)
    index.refresh([entry])
    return entry


@transaction.atomic
def mark_reviewed(*, actor: Actor, intervention: Intervention, expected_version: int) -> Intervention:
    """The owner has checked the entry and it is still right: the review clock starts again."""
    _require_editor(actor, intervention.agency_id)
    entry = _locked(intervention, expected_version)
    before = snapshot(entry)
    entry.version += 1
    entry.updated_at = entry.reviewed_at = timezone.now()
    entry.save(update_fields=["version", "updated_at", "reviewed_at"])
    _append_version(actor, entry, Change.REVIEWED, before)
    return entry


def _locked(intervention: Intervention, expected_version: int) -> Intervention:
    entry = (
        Intervention.objects.select_for_update(of=("self",)).select_related("agency", "unit").get(pk=intervention.pk)
    )
    if entry.version != expected_version:
        raise ValidationError(
            {"version": _("Someone else changed the entry while you were editing. Open it again to see the change.")}
        )
    return entry


def review_due_before(now: dt.datetime | None = None) -> dt.datetime:
    """Entries last reviewed before this moment are due: twelve months ago."""
    now = now or timezone.now()
    return now - dt.timedelta(days=365)


# Agency profiles -------------------------------------------------------------------------------

PROFILE_FIELDS = (
    "mission",
    "mission_en",
    "laws",
    "can_decide",
    "cannot_decide",
    "sip_contact",
    "consultation_contact",
    "public_contact",
)


@transaction.atomic
def update_profile(
    *, actor: Actor, agency: Agency, data: Mapping, forum_seats: Sequence[tuple[str, str]] | None = None
) -> AgencyProfile:
    """Write the agency's profile; forum seats, when given, replace the old list."""
    _require_editor(actor, agency.pk)
    clean = {field: (data.get(field) or "").strip() for field in PROFILE_FIELDS if field in data}
    if not clean.get("mission", "x"):
        raise ValidationError({"mission": _("This field is required.")})
    profile, _created = AgencyProfile.objects.select_for_update().get_or_create(
        agency=agency, defaults={"mission": clean.get("mission", "")}
    )
    for field, value in clean.items():
        setattr(profile, field, value)
    profile.updated_at = timezone.now()
    profile.updated_by = actor.user
    if not profile.mission:
        raise ValidationError({"mission": _("This field is required.")})
    profile.save()
    if forum_seats is not None:
        seats = [(f.strip(), r.strip()) for f, r in forum_seats if f.strip() or r.strip()]
        if any(not f or not r for f, r in seats):
            raise ValidationError({"forum_seats": _("Give both the forum and who represents the agency.")})
        profile.forum_seats.all().delete()
        ForumSeat.objects.bulk_create([ForumSeat(profile=profile, forum=f, representative=r) for f, r in seats])
    return profile


def unit_of(agency: Agency, name: str) -> Unit | None:
    return Unit.objects.filter(agency=agency, name__iexact=(name or "").strip()).first() if name else None
