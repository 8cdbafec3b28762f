"""Rows of the access matrix for the foundation's pages (people, access, audit)."""

from lots.access.tests.factories import BreakGlassFactory, ConsentFactory
from tests.access_matrix.rows import EVERYONE, KNOW_ELIN, Row, elin

MATRIX = {
    "people:my_children": Row(
        lambda w, f: [], EVERYONE, shows=lambda w: w.elin.display_number, sees=frozenset({"kim", "mona", "bo", "sam"})
    ),
    "people:search": Row(lambda w, f: [], EVERYONE),
    "people:child": Row(elin, KNOW_ELIN, shows=lambda w: w.elin.display_number),
    "access:child_consents": Row(elin, KNOW_ELIN, shows=lambda w: w.elin.full_name),
    "access:consent_new": Row(elin, KNOW_ELIN, shows=lambda w: w.elin.full_name),
    "access:consent": Row(
        lambda w, f: [f["consent"].pk], frozenset({"kim", "mona", "rita", "tor!", "bo"}), shows=lambda w: "Gun Berg"
    ),
    "access:secrecy_map": Row(lambda w, f: [], EVERYONE),
    "access:break_glass": Row(lambda w, f: [], frozenset(), denied_status=405),
    "audit:review": Row(lambda w, f: [], frozenset({"ada"}), denied_status=403),
    "audit:flagged": Row(lambda w, f: [], frozenset({"ada"}), denied_status=403),
    "audit:mark_reviewed": Row(lambda w, f: [], frozenset(), denied_status=405),
}

#: URL names that show no person data (sign-in, language, health). Django's admin holds no
#: person data: people's models are not registered there.
WITHOUT_PERSON_DATA = {"login", "logout", "otp_verify", "choose_membership", "set_language", "healthz", "core:home"}


def fixtures(world) -> dict:
    """Records the rows above refer to; `tor!` breaks the glass for Elin."""
    consent = ConsentFactory(child=world.elin, recorded_in=world.school, agencies=[world.school, world.bup])
    consent.parties.create(role="guardian", guardian=world.gun, agrees=True)
    BreakGlassFactory(membership=world.membership(world.tor), child=world.elin)
    return {"consent": consent}


# The inbox shows only one's own notifications, which carry no person data (kinds.py).
WITHOUT_PERSON_DATA |= {"notifications:inbox", "notifications:open", "notifications:mark_all_read"}
