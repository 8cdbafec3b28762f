"""Rows of the access matrix for the catalogue.

The public pages hold no person data (WITHOUT_PERSON_DATA; the matrix test still reaches them as
every viewer). Staff pages show the catalogue, which is not person data either, to everyone
signed in; editing is for the agency's editors (here Sam, who keeps social services' entries)
and answers 403 to others. Suggestions for a child show the child, so they follow the policy.
"""

from lots.catalogue.tests.factories import EditorGrantFactory, InterventionFactory, NeedTagFactory
from tests.access_matrix.rows import EVERYONE, KNOW_ELIN, Row, elin

EDITORS = frozenset({"sam"})


def _entry(w, f):
    return [f["catalogue_entry"].pk]


MATRIX = {
    "catalogue:search": Row(lambda w, f: [], EVERYONE),
    "catalogue:entry": Row(_entry, EVERYONE),
    "catalogue:versions": Row(_entry, EVERYONE),
    "catalogue:export": Row(lambda w, f: [], EVERYONE),
    "catalogue:mine": Row(lambda w, f: [], EDITORS, denied_status=403),
    "catalogue:new": Row(lambda w, f: [], EDITORS, denied_status=403),
    "catalogue:import": Row(lambda w, f: [], EDITORS, denied_status=403),
    "catalogue:edit": Row(_entry, EDITORS, denied_status=403),
    "catalogue:edit_profile": Row(lambda w, f: [w.social.pk], EDITORS, denied_status=403),
    "catalogue:review": Row(_entry, frozenset(), denied_status=405),
    "catalogue:suggest": Row(elin, KNOW_ELIN, shows=lambda w: w.elin.full_name),
}

#: The public catalogue: no sign-in, nothing about any person.
WITHOUT_PERSON_DATA = {"catalogue:public_search", "catalogue:public_entry", "catalogue:public_agency"}


def fixtures(world) -> dict:
    need = NeedTagFactory(slug="parenting", name="Föräldraskap")
    EditorGrantFactory(user=world.sam, agency=world.social)
    entry = InterventionFactory(agency=world.social, name="Föräldrastöd", needs=[need])
    return {"catalogue_entry": entry}
