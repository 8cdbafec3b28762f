"""The demo catalogue: the need vocabulary, about 65 entries of every agency, agency profiles and
their editors. A few entries were last reviewed over a year ago, so the review flag shows."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from demo.catalogue_entries import BERGVIK, SCHOOL, E
from demo.catalogue_entries_more import CARE, MUNICIPALITY
from demo.catalogue_entries_region import REGION
from demo.catalogue_entries_social import SOCIAL
from demo.catalogue_needs import EDITORS, NEEDS, PROFILES
from lots.catalogue.models import (
    AgencyProfile,
    EditorGrant,
    ForumSeat,
    Intervention,
    InterventionVersion,
    NeedTag,
)
from lots.catalogue.search import index
from lots.catalogue.services import snapshot
from lots.organisations.models import Agency, Unit, User

ENTRIES: list[E] = [*SCHOOL, *BERGVIK, *SOCIAL, *CARE, *MUNICIPALITY, *REGION]


def build_needs() -> dict[str, NeedTag]:
    tags = NeedTag.objects.bulk_create(
        [
            NeedTag(slug=slug, name=name, name_en=name_en, synonyms=synonyms, order=(i + 1) * 10)
            for i, (slug, name, name_en, synonyms) in enumerate(NEEDS)
        ]
    )
    return {tag.slug: tag for tag in tags}


def build_catalogue(
    *, seed: int, users: dict[str, User] | None = None, today: dt.date | None = None
) -> list[Intervention]:
    rng = random.Random(seed + 6)
    now = timezone.now()
    tags = build_needs()
    agencies = {a.name: a for a in Agency.objects.select_related("principal")}
    units = {u.name: u for u in Unit.objects.all()}
    editor = (users or {}).get("admin")
    entries = []
    for spec in ENTRIES:
        reviewed = now - dt.timedelta(days=rng.choice([rng.randint(10, 300)] * 9 + [rng.randint(380, 600)]))
        entries.append(
            Intervention(
                agency=agencies[spec.agency],
                unit=units[spec.unit] if spec.unit else None,
                name=spec.name,
                name_en=spec.name_en,
                summary=spec.summary,
                summary_en=spec.summary_en,
                professional_description=spec.prof,
                age_min=spec.ages[0],
                age_max=spec.ages[1],
                access_route=spec.route,
                how_to_get=spec.how,
                how_to_get_en=spec.how_en,
                legal_basis=spec.law,
                cost=spec.cost,
                waiting_time=spec.wait,
                capacity=spec.capacity,
                where_and_when=spec.where,
                contact=spec.contact,
                languages=f",{','.join(spec.languages.split())},",
                published=spec.published,
                reviewed_at=reviewed,
                created_at=reviewed,
                updated_at=reviewed,
            )
        )
    entries = Intervention.objects.bulk_create(entries)
    through = Intervention.needs.through
    through.objects.bulk_create(
        [
            through(intervention_id=entry.pk, needtag_id=tags[slug].pk)
            for entry, spec in zip(entries, ENTRIES, strict=True)
            for slug in spec.needs.split()
        ]
    )
    InterventionVersion.objects.bulk_create(
        [
            InterventionVersion(
                intervention=entry,
                number=1,
                change="imported",
                changed_by=editor,
                changed_at=entry.reviewed_at,
                changed_fields=[],
                snapshot=snapshot(entry),
            )
            for entry in entries
        ]
    )
    index.refresh(entries)
    _build_profiles(agencies, users or {})
    return entries


def _build_profiles(agencies: dict[str, Agency], users: dict[str, User]) -> None:
    fields = ("mission", "mission_en", "laws", "can_decide", "cannot_decide", "sip_contact",
              "consultation_contact", "public_contact")  # fmt: skip
    for name, values in PROFILES.items():
        profile = AgencyProfile.objects.create(agency=agencies[name], **dict(zip(fields, values[:8], strict=True)))
        ForumSeat.objects.bulk_create(
            [ForumSeat(profile=profile, forum=forum, representative=who) for forum, who in values[8]]
        )
    EditorGrant.objects.bulk_create(
        [
            EditorGrant(user=users[username], agency=agencies[agency], note="Demo")
            for agency, usernames in EDITORS.items()
            for username in usernames
            if username in users
        ]
    )
