"""The intervention catalogue: about 60 entries per municipality and 40 per region, searchable.

Entries are the demo's (demo/catalogue_*), each agency listing those of its kind; where an
agency lists more than the demo has, the list repeats with a numbered group ("grupp 2"). Needs
are the demo's vocabulary. The search document is computed by the catalogue's own index
(`lots.catalogue.search.index.refresh`), so generated entries are found like edited ones.
Later steps find each agency's entries in `ctx.shared["interventions"]` ({agency id: [(id, name)]}).
"""

from __future__ import annotations

import datetime as dt

from demo.catalogue import ENTRIES
from demo.catalogue_needs import NEEDS
from lots.catalogue.models import Intervention, NeedTag
from lots.catalogue.search import index
from lots.organisations.models import Agency

PER_MUNICIPALITY = 60
PER_REGION = 40
PUBLISHED_SHARE = 0.85
INDEX_BATCH = 500
#: The demo's agency names by the kind of agency they are.
KIND_OF = {
    "Utbildningsförvaltningen": Agency.Kind.SCHOOL,
    "Barn- och utbildningsförvaltningen": Agency.Kind.SCHOOL,
    "Socialförvaltningen": Agency.Kind.SOCIAL_SERVICES,
    "Socialtjänsten": Agency.Kind.SOCIAL_SERVICES,
    "Omsorgsförvaltningen": Agency.Kind.CARE,
    "Kommunledningsförvaltningen": Agency.Kind.OTHER,
}
REGIONAL = Agency.Kind.HEALTH_CARE  # every other demo agency is the region's health care
COLUMNS = [
    "id", "agency_id", "unit_id", "name", "name_en", "summary", "summary_en", "professional_description", "age_min",
    "age_max", "access_route", "how_to_get", "how_to_get_en", "legal_basis", "cost", "waiting_time", "capacity",
    "where_and_when", "contact", "languages", "published", "active", "reviewed_at", "version", "created_at",
    "updated_at", "search_terms", "need_count", "search_vector",
]  # fmt: skip


def _needs() -> dict[str, int]:
    """The vocabulary's ids by slug, creating the tags a fresh database lacks."""
    have = dict(NeedTag.objects.values_list("slug", "pk"))
    missing = [
        NeedTag(slug=slug, name=name, name_en=name_en, synonyms=synonyms, order=(i + 1) * 10)
        for i, (slug, name, name_en, synonyms) in enumerate(NEEDS)
        if slug not in have
    ]
    for tag in NeedTag.objects.bulk_create(missing):
        have[tag.slug] = tag.pk
    return have


def _templates(kind: str) -> list:
    return [e for e in ENTRIES if KIND_OF.get(e.agency, REGIONAL) == kind]


def _listing(owner, kinds: list[str], total: int) -> list[tuple[int, object]]:
    """(agency id, demo entry) for `total` entries, shared between the owner's agencies like the demo's."""
    pool = [(owner.agencies[kind], spec) for kind in kinds if kind in owner.agencies for spec in _templates(kind)]
    return [pool[k % len(pool)] for k in range(total)] if pool else []


def generate(ctx) -> None:
    rng, sink, now = ctx.rng("catalogue"), ctx.sink, ctx.plan.now
    tags = _needs()
    listed = []
    municipal_kinds = [Agency.Kind.SCHOOL, Agency.Kind.SOCIAL_SERVICES, Agency.Kind.CARE, Agency.Kind.OTHER]
    for m in ctx.shared["municipalities"]:
        listed += _listing(m, municipal_kinds, PER_MUNICIPALITY)
    for region in ctx.shared["regions"]:
        listed += _listing(region, [REGIONAL], PER_REGION)
    first = sink.allocate("catalogue_intervention", len(listed))
    rows, needs, seen = [], [], {}
    shared: dict[int, list[tuple[int, str]]] = {}
    for offset, (agency, spec) in enumerate(listed):
        pk = first + offset
        nth = seen[(agency, spec.name)] = seen.get((agency, spec.name), 0) + 1
        name = spec.name if nth == 1 else f"{spec.name} (grupp {nth})"
        reviewed = now - dt.timedelta(days=rng.choice([rng.randint(10, 300)] * 9 + [rng.randint(380, 600)]))
        rows.append(
            (pk, agency, None, name, spec.name_en, spec.summary, spec.summary_en, spec.prof, spec.ages[0],
             spec.ages[1], spec.route, spec.how, spec.how_en, spec.law, spec.cost, spec.wait, spec.capacity,
             spec.where, spec.contact, f",{','.join(spec.languages.split())},", rng.random() < PUBLISHED_SHARE, True,
             reviewed, 1, reviewed, reviewed, "", 0, None),
        )  # fmt: skip
        needs += [(pk, tags[slug]) for slug in spec.needs.split()]
        shared.setdefault(agency, []).append((pk, name))
    sink.write("catalogue_intervention", COLUMNS, rows, total=len(rows), label="interventions")
    first_need = sink.allocate("catalogue_intervention_needs", len(needs))
    sink.write(
        "catalogue_intervention_needs",
        ["id", "intervention_id", "needtag_id"],
        ((first_need + i, pk, tag) for i, (pk, tag) in enumerate(needs)),
        total=len(needs),
        label="intervention needs",
    )
    _index(ctx, first, len(rows))
    ctx.shared["interventions"] = shared


def _index(ctx, first: int, count: int) -> None:
    """The search documents (tsvector on PostgreSQL, FTS5 rows on SQLite), a batch at a time."""
    ctx.progress.start("intervention search index", count)
    for start in range(first, first + count, INDEX_BATCH):
        batch = Intervention.objects.filter(pk__gte=start, pk__lt=min(start + INDEX_BATCH, first + count))
        entries = list(batch.select_related("agency", "unit"))
        index.refresh(entries)
        ctx.progress.advance(len(entries))
    ctx.progress.finish()
