"""Keeping the search document of entries in step. Called by the services that write entries
(never by signals), in the same transaction, so an entry is never found by stale words."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count

from lots.catalogue.search.engines import engine
from lots.catalogue.search.text import enrich, stems


def parts(entry) -> tuple[str, str, str]:
    """The document in three weights: the name; the family description; everything else."""
    name = f"{entry.name} {entry.name_en}"
    family = f"{entry.summary} {entry.summary_en}"
    rest = " ".join(
        [
            entry.professional_description,
            entry.how_to_get,
            entry.legal_basis,
            entry.unit.name if entry.unit_id else "",
            entry.agency.name,
        ]
    )
    return name, family, rest


def refresh(entries: Iterable) -> None:
    """Recompute and store the documents of these entries (with agency and unit loaded), and
    how many needs each meets (the search ranks specific entries first)."""
    from lots.catalogue.models import Intervention

    entries = list(entries)
    if not entries:
        return
    through = Intervention.needs.through
    counts = dict(
        through.objects.filter(intervention_id__in=[e.pk for e in entries])
        .values("intervention_id")
        .annotate(n=Count("pk"))
        .values_list("intervention_id", "n")
    )
    rows = []
    for entry in entries:
        entry.need_count = counts.get(entry.pk, 0)
        a, b, c = parts(entry)
        entry.search_terms = " ".join(stems(f"{a} {b} {c}"))
        rows.append((entry.pk, (enrich(a), enrich(b), enrich(c))))
    Intervention.objects.bulk_update(entries, ["search_terms", "need_count"], batch_size=500)
    engine().store(rows)
