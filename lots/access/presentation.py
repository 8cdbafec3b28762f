"""A person as one viewer may see them: protected identity masked where the policy says so.

Pages, exports, PDFs, e-mails and API answers show people only through `PersonView`, so a
field that reveals where a protected person lives or goes to school never leaves Lots by
another path.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from lots.access import policy
from lots.access.actor import Actor
from lots.people.models import LOCATION_FIELDS

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
        if self.location_hidden and name in LOCATION_FIELDS:
            return WITHHELD
        if self.name_hidden and name in NAME_FIELDS:
            return WITHHELD
        return getattr(self._person, name)

    @property
    def pk(self):
        return self._person.pk

    @property
    def masked(self) -> bool:
        return self.name_hidden or self.location_hidden

    def __str__(self) -> str:
        return str(PROTECTED_LABEL) if self.name_hidden else self._person.full_name


def present_children(actor: Actor, children: Iterable) -> list[PersonView]:
    """Children as this actor may see them. A protected child is named to staff who know the
    child (assignment, unit manager, break the glass); its location only to those cleared."""
    children = list(children)
    cleared = policy.cleared_for(actor, [c.pk for c in children if c.protected_identity])
    views = []
    for child in children:
        if not child.protected_identity:
            views.append(PersonView(child, show_name=True, show_location=True))
            continue
        is_cleared = child.pk in cleared
        knows = getattr(child, "_ground", None) in policy.NAMING_GROUNDS
        views.append(PersonView(child, show_name=knows or is_cleared, show_location=is_cleared))
    return views


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
