"""Reads of the catalogue: the search, suggestions for a child's needs, entries and profiles.

The catalogue holds no person data, so nothing here goes through the access policy; what the
public may see (published, offered entries) is decided here, in the querysets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Exists,
    Expression,
    F,
    FloatField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Greatest
from django.utils.translation import gettext as _

from lots.catalogue.choices import language_label
from lots.catalogue.models import AgencyProfile, Intervention, InterventionVersion, NeedTag
from lots.catalogue.search import fuzzy
from lots.catalogue.search.engines import engine
from lots.catalogue.search.stemmer import stem
from lots.catalogue.search.text import compound_parts, covers, words
from lots.organisations.actor import Actor
from lots.organisations.models import Agency, Principal

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
#: A need the searcher chose counts most, a need named by the words next, then the text rank (0–1).
CHOSEN_NEED_WEIGHT = 2.0
NAMED_NEED_WEIGHT = 1.0
SPECIFIC_WEIGHT = 0.5


@dataclass
class Hit:
    """One entry found, its score and why it matched (shown as "Träffar: skolfrånvaro, 13 år")."""

    intervention: Intervention
    score: float
    reasons: list[str] = field(default_factory=list)

    @property
    def why(self) -> str:
        return ", ".join(self.reasons)


@dataclass
class SearchResult:
    hits: list[Hit]
    more: bool  # there are more matches than shown
    needs_named: list[NeedTag]  # needs recognised in the words (through names and synonyms)


def need_tags() -> list[NeedTag]:
    return list(NeedTag.objects.filter(active=True).order_by("order", "name"))


def need_label(tag: NeedTag) -> str:
    return tag.label


def _term_alternatives(term: str) -> list[set[str]]:
    """For each word of a need's term: its stem and its compound head's stem."""
    alternatives = []
    for word in words(term):
        options = {stem(word)}
        parts = compound_parts(word)
        if parts:
            options.add(stem(parts[0]))
        alternatives.append(options)
    return alternatives


def _names(query_stem: str, term_stem: str) -> bool:
    """A typed word names a need's word when it is that word, give or take an ending: "skola"
    does not name "skolfrånvaro", though as a search word it finds it."""
    return covers(query_stem, term_stem) and len(term_stem) - len(query_stem) <= 3


def needs_named_by(text: str, tags: Sequence[NeedTag]) -> list[NeedTag]:
    """The needs whose name or a synonym the words name: "ADHD" names neuropsychiatric
    disability, "frånvaro" names school absence (the head of "skolfrånvaro")."""
    typed = [stem(w) for w in words(text)]
    if not typed:
        return []
    named = []
    for tag in tags:
        for term in tag.terms():
            alternatives = _term_alternatives(term)
            if alternatives and all(any(_names(q, t) for q in typed for t in options) for options in alternatives):
                named.append(tag)
                break
    return named


def suggestion(text: str) -> str | None:
    """What the searcher probably meant: the words typed, each word of four letters or more that
    is not in the catalogue's vocabulary (the needs' names and synonyms) replaced by the nearest
    term there (search/fuzzy.py); None when no word was changed."""
    vocabulary = sorted({term.lower() for tag in need_tags() for term in tag.terms()})
    known = {word for term in vocabulary for word in term.split()}
    typed = text.lower().split()
    meant = [
        (fuzzy.nearest(word, vocabulary) or word) if len(word) >= 4 and word not in known else word for word in typed
    ]
    return " ".join(meant) if meant != typed else None


def _meets(tag_ids: Sequence[int]):
    """How many of these needs an entry meets. Each need is one `id IN (…)` that the database
    evaluates once (a hashed subplan), not a count per row."""
    through = Intervention.needs.through
    total: Expression = Value(0.0, output_field=FloatField())
    for tag_id in tag_ids:
        tagged = through.objects.filter(needtag_id=tag_id).values("intervention_id")
        total = total + Case(When(pk__in=tagged, then=Value(1.0)), default=Value(0.0), output_field=FloatField())
    return total


def search(
    *,
    text: str = "",
    needs: Sequence[str] = (),
    age: int | None = None,
    agency_ids: Sequence[int] = (),
    principal_ids: Sequence[int] | QuerySet | None = None,
    access_route: str = "",
    language: str = "",
    public: bool = False,
    limit: int = DEFAULT_LIMIT,
    exclude_ids: Sequence[int] = (),
) -> SearchResult:
    """The catalogue's one search: by words and by needs, filtered, ranked by how well each entry
    matches, each hit with its reasons. PostgreSQL's Swedish text search or SQLite's FTS5 does the
    words (search/engines.py); needs named by the words count as well (synonyms).

    text: what the searcher typed. needs: need slugs chosen explicitly (an entry must meet one).
    principal_ids: only entries of agencies of these principals (an area, see `area_of`); None
    searches the whole country. public: only what is published to the public. Costs three
    queries whatever the size of the catalogue or the area (SQLite: three more, to rank the
    words' matches in one pass).
    """
    limit = max(1, min(limit, MAX_LIMIT))
    tags = need_tags()
    by_slug = {tag.slug: tag for tag in tags}
    chosen = [by_slug[slug] for slug in dict.fromkeys(needs) if slug in by_slug]
    named = needs_named_by(text, tags)
    # The words as typed. Compounds in the documents are indexed with their parts, so
    # "frånvaro" finds "skolfrånvaron"; a compound typed ("skolfrånvaro") finds its need by name.
    query_words = list(dict.fromkeys(words(text)))[:12]

    entries = Intervention.objects.filter(active=True)
    if public:
        entries = entries.filter(published=True)
    if age is not None:
        entries = entries.filter(age_min__lte=age, age_max__gte=age)
    if agency_ids:
        entries = entries.filter(agency_id__in=list(agency_ids))
    search_engine = engine()
    if principal_ids is not None:
        # The area's agencies (by organisations_agency's principal index), then only their
        # entries (by the entries' agency index), never a scan of the country's catalogue.
        ids = principal_ids if isinstance(principal_ids, QuerySet) else list(principal_ids)
        entries = entries.filter(search_engine.of_agencies(Agency.objects.filter(principal_id__in=ids)))
    if access_route:
        entries = entries.filter(access_route=access_route)
    if language:
        entries = entries.filter(languages__contains=f",{language},")
    if exclude_ids:
        entries = entries.exclude(pk__in=list(exclude_ids))

    score: Expression = Value(0.0, output_field=FloatField())
    specificity = Value(0.0, output_field=FloatField())
    through = Intervention.needs.through
    # Among entries meeting as many needs, the more specific first: a service for school
    # absence before a student health team that meets ten needs.
    need_count = Greatest(F("need_count"), Value(1), output_field=FloatField())
    if chosen:
        entries = entries.filter(pk__in=through.objects.filter(needtag__in=chosen).values("intervention_id"))
        hits = _meets([t.pk for t in chosen])
        score = score + hits * CHOSEN_NEED_WEIGHT + hits / need_count * SPECIFIC_WEIGHT
    if query_words:
        search_engine.prepare(query_words)
        matched = search_engine.matches(query_words)
        if named:
            matched |= Q(pk__in=through.objects.filter(needtag__in=named).values("intervention_id"))
            hits = _meets([t.pk for t in named])
            score = score + hits * NAMED_NEED_WEIGHT
            specificity = hits / need_count  # breaks ties only: the words rank first
        entries = entries.filter(matched)
        score = score + search_engine.rank(query_words)
    rows = list(
        entries.annotate(score=score, specificity=specificity)
        .select_related("agency__principal", "unit")
        .prefetch_related(Prefetch("needs", queryset=NeedTag.objects.order_by("order", "name")))
        .order_by("-score", "-specificity", "name", "pk")[: limit + 1]
    )
    typed = _typed_alternatives(text)
    hits = [_hit(entry, typed, chosen, named, age, language) for entry in rows[:limit]]
    return SearchResult(hits=hits, more=len(rows) > limit, needs_named=named)


def _typed_alternatives(text: str) -> list[tuple[str, list[str]]]:
    """Each word as typed, with its stem and the stems of its compound's parts."""
    typed = []
    for word in dict.fromkeys(words(text)):
        parts = compound_parts(word)
        typed.append((word, [stem(word), *(stem(part) for part in parts)]))
    return typed


def _hit(entry, typed, chosen, named, age, language) -> Hit:
    reasons = []
    wanted = {t.pk for t in chosen} | {t.pk for t in named}
    reasons += [need_label(tag) for tag in entry.needs.all() if tag.pk in wanted]
    terms = entry.search_terms.split()
    reasons += [f"”{word}”" for word, options in typed if any(covers(q, t) for q in options for t in terms)]
    if age is not None:
        reasons.append(_("age %(age)d") % {"age": age})
    if language:
        reasons.append(language_label(language))
    return Hit(intervention=entry, score=float(getattr(entry, "score", 0.0)), reasons=reasons)


def suggest_interventions(
    *,
    needs: Sequence[str],
    age: int | None = None,
    text: str = "",
    agency_ids: Sequence[int] = (),
    principal_ids: Sequence[int] | QuerySet | None = None,
    exclude_ids: Sequence[int] = (),
    limit: int = 10,
) -> list[Hit]:
    """Interventions that meet a child's needs at the child's age, best first, with reasons.

    For the child's page ("Föreslå insatser") and for the SIP app, which offers the hits as
    plan actions. needs: need slugs (NeedTag.slug); age: the child's age in years, or None;
    exclude_ids: entries already in the plan; principal_ids: the area to look in (the staff
    member's `default_area`), None for the whole country. Each hit's `intervention` has `agency`,
    `unit` and `needs` loaded; `reasons` say why it was suggested. Holds no person data and logs nothing:
    the caller has already read the child through the policy.
    """
    if not needs and not text.strip():
        return []
    return search(
        text=text,
        needs=needs,
        age=age,
        agency_ids=agency_ids,
        principal_ids=principal_ids,
        exclude_ids=exclude_ids,
        limit=limit,
    ).hits


# Areas -----------------------------------------------------------------------------------------


def principals() -> list[Principal]:
    """Every municipality and region, by name, for the area chooser: one query, and enough to
    work out any area without another (`area_of`)."""
    return list(Principal.objects.only("pk", "name", "kind", "region_id").order_by("name"))


def area_of(principal: Principal, among: Sequence[Principal] | None = None) -> list[int] | QuerySet:
    """The principals whose supports serve a child living in `principal`'s area.

    A municipality's area is itself and its region: the regional health care (BUP,
    habilitering) serves its children too. A region's area is itself and its municipalities,
    since its clinics work with all of them. The model has no national principal, so nothing
    is added for the country. With `among` (the chooser's list) the ids are worked out here;
    without it a region's municipalities are a subquery of the search, never a query of its own.
    """
    if principal.kind != Principal.Kind.REGION:
        return [principal.pk] + ([principal.region_id] if principal.region_id else [])
    if among is not None:
        return [p.pk for p in among if p.pk == principal.pk or p.region_id == principal.pk]
    return Principal.objects.filter(Q(pk=principal.pk) | Q(region_id=principal.pk)).values("pk")


def home_principal(actor: Actor) -> Principal | None:
    """The principal of the agency the staff member acts in (loaded with the membership)."""
    return actor.membership.unit.agency.principal if actor.membership is not None else None


def default_area(actor: Actor) -> list[int] | QuerySet | None:
    """Where a staff member's searches and suggestions look unless they choose otherwise: the
    area of the principal they act for; None (the whole country) if they act for none."""
    home = home_principal(actor)
    return area_of(home) if home is not None else None


# Entries and profiles --------------------------------------------------------------------------


def _entries() -> QuerySet[Intervention]:
    return Intervention.objects.select_related("agency__principal", "unit").prefetch_related(
        Prefetch("needs", queryset=NeedTag.objects.order_by("order", "name"))
    )


def published_entries(*, agency_id: int | None = None, need: str = "") -> QuerySet[Intervention]:
    """What the public catalogue lists: published entries on offer, of one agency or meeting one
    need (by its key) if asked."""
    entries = _entries().filter(published=True, active=True)
    if agency_id is not None:
        entries = entries.filter(agency_id=agency_id)
    if need:
        entries = entries.filter(needs__slug=need)
    return entries


def public_entry(pk: int) -> Intervention:
    """A published, offered entry, or Intervention.DoesNotExist."""
    return _entries().get(pk=pk, published=True, active=True)


def staff_entry(pk: int) -> Intervention:
    return _entries().get(pk=pk)


def versions(entry: Intervention) -> list[InterventionVersion]:
    return list(entry.versions.select_related("changed_by").order_by("-number"))


def offered_interventions() -> list[Intervention]:
    """Every entry on offer, for choosing the intervention a plan's action is (the SIP app)."""
    return list(Intervention.objects.filter(active=True).select_related("agency").order_by("name", "pk"))


def entries_of_agencies(agency_ids: Sequence[int]) -> list[Intervention]:
    """Every entry (offered or not) of these agencies, for their editors' list."""
    return list(
        Intervention.objects.filter(agency_id__in=list(agency_ids))
        .select_related("agency__principal", "unit")
        .order_by("agency__name", "name")
    )


def agency_with_profile(agency_id: int) -> tuple[Agency, AgencyProfile | None]:
    agency = Agency.objects.select_related("principal").get(pk=agency_id)
    profile = AgencyProfile.objects.prefetch_related("forum_seats").filter(agency=agency).first()
    return agency, profile


def agency_entries(agency_id: int, *, public: bool) -> list[Intervention]:
    entries = Intervention.objects.filter(agency_id=agency_id, active=True).select_related("unit")
    if public:
        entries = entries.filter(published=True)
    return list(entries.order_by("name"))


def agencies_with_entries(principal_ids: Sequence[int] | QuerySet | None = None) -> list[Agency]:
    """Agencies that offer something, for the agency filter: those of the area searched (a
    country's ~1 200 agencies are a long list to render and to choose from), or all."""
    offers = Intervention.objects.filter(agency=OuterRef("pk"), active=True)
    agencies = Agency.objects.filter(Exists(offers))
    if principal_ids is not None:
        agencies = agencies.filter(principal_id__in=principal_ids)
    return list(agencies.select_related("principal").order_by("principal__name", "name"))


def entries_for_export(agency_ids: Sequence[int] | None = None) -> QuerySet[Intervention]:
    entries = _entries().order_by("agency__principal__name", "agency__name", "name")
    if agency_ids is not None:
        entries = entries.filter(agency_id__in=list(agency_ids))
    return entries
