"""A person as one viewer may see them: protected identity masked where the policy says so.

Pages, exports, PDFs, e-mails and API answers show people only through `PersonView`, so a
field that reveals where a protected person lives or goes to school never leaves Lots by
another path. This module is the one place that says what a protected identity withholds:

- the person's whereabouts (`WHEREABOUTS_FIELDS`: address, school, and the phone number and
  e-mail address, which a directory turns into an address), to all but staff cleared for the
  child;
- every other name that places the child — the unit or agency of those who work around the
  child, of the steps of its journeys, of whoever reported a concern about it: pages ask
  `PersonView.place(name)` (the `placing` template filter) for it, so it is withheld exactly
  when the child's address is;
- the child's name, to staff who see the child on another ground than need to know.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.utils.translation import gettext_lazy as _

from lots.access import policy
from lots.organisations.actor import Actor
from lots.people.models import LOCATION_FIELDS

#: What a person's whereabouts are: where they live or go to school, and how to reach them
#: (a phone number or an e-mail address leads to an address through any directory).
WHEREABOUTS_FIELDS = frozenset({*LOCATION_FIELDS, "phone", "email"})

PROTECTED_LABEL = _("Protected identity")


class Withheld:
    """Stands in for a value this viewer may not see; renders as "Skyddad identitet"."""

    def __str__(self) -> str:
        return str(PROTECTED_LABEL)

    def __bool__(self) -> bool:
        return True

    def __eq__(self, other) -> bool:
        return isinstance(other, Withheld)

    def __hash__(self) -> int:
        return hash(Withheld)


WITHHELD = Withheld()
NAME_FIELDS = frozenset(
    {
        "first_name",
        "last_name",
        "full_name",
        "identity_number",
        "reserve_number",
        "display_number",
        "date_of_birth",
    }
)


class PersonView:
    """Reads through to the person, replacing what this viewer may not see."""

    def __init__(self, person, *, show_name: bool, show_location: bool):
        self._person = person
        self.name_hidden = not show_name
        self.location_hidden = not show_location

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        if self.withholds(name):
            return WITHHELD
        return getattr(self._person, name)

    def withholds(self, name: str) -> bool:
        """Whether this viewer is kept from the person's field `name` (what `__getattr__` replaces):
        exports and the API name such fields instead of deciding for themselves."""
        return (self.location_hidden and name in WHEREABOUTS_FIELDS) or (self.name_hidden and name in NAME_FIELDS)

    @property
    def pk(self):
        return self._person.pk

    @property
    def masked(self) -> bool:
        return self.name_hidden or self.location_hidden

    def __str__(self) -> str:
        return str(PROTECTED_LABEL) if self.name_hidden else self._person.full_name

    def place(self, name):
        """A unit's or an agency's name shown beside this person: withheld exactly when their
        address is, since the school, the clinic or the office that works with a child tells
        where the child is."""
        return WITHHELD if self.location_hidden and name else name

    def place_agency(self, agency) -> str:
        """An agency beside this person: its name, or only its kind (a school, social services)
        where the name would place the person."""
        if agency is None:
            return ""
        return str(agency.get_kind_display()) if self.location_hidden else agency.name


def _shows_location(child, cleared: set[int]) -> bool:
    return not child.protected_identity or child.pk in cleared


def present_children(
    actor: Actor, children: Iterable, *, grounds: Mapping[int, str | None] | None = None
) -> list[PersonView]:
    """Children as this actor may see them. A protected child is named to staff who know the
    child (assignment, unit manager, break the glass); its location only to those cleared.

    The ground each child is seen on is the one `with_grounds` read it with; `grounds` (child id
    → ground) gives it for children read another way (a plan's child, judged with the plan)."""
    children = list(children)
    cleared = policy.cleared_for(actor, [c.pk for c in children if c.protected_identity])
    views = []
    for child in children:
        if not child.protected_identity:
            views.append(PersonView(child, show_name=True, show_location=True))
            continue
        is_cleared = _shows_location(child, cleared)
        ground = grounds.get(child.pk) if grounds is not None else policy.ground_of(child)
        knows = ground in policy.NAMING_GROUNDS
        views.append(PersonView(child, show_name=knows or is_cleared, show_location=is_cleared))
    return views


def present_places_of(actor: Actor, child) -> PersonView:
    """The child only as the judge of what places it, for a page that shows records about a child
    the viewer may not otherwise see (a step handed to another agency): the name is never shown
    through it, the units and agencies beside the child are masked as its address would be."""
    cleared = policy.cleared_for(actor, [child.pk] if child.protected_identity else [])
    return PersonView(child, show_name=False, show_location=_shows_location(child, cleared))


def present_related(actor: Actor, child_view: PersonView, people: Iterable) -> list[PersonView]:
    """The child's guardians and others. Where the child or the person is protected, their
    location needs a clearance for the child, so a guardian's address cannot reveal the child's."""
    people = list(people)
    child = child_view._person
    needs_clearance = child.protected_identity or any(p.protected_identity for p in people)
    cleared = not needs_clearance or child.pk in policy.cleared_for(actor, [child.pk])
    return [
        PersonView(
            person,
            show_name=not child_view.name_hidden,
            show_location=cleared or not (person.protected_identity or child.protected_identity),
        )
        for person in people
    ]
