"""Rows of the access matrix for school absence.

Absence and its signals are person data in the school's domain: Kim and Mona (assigned), Rita
(the head teacher of Elin's school: the 7:19 a ground) and Tor after breaking the glass see
Elin's signal; BUP (Bo) and social services (Sam) see it only under a consent naming attendance:
the matrix's fixtures record consents for Elin's SIP with every kind of information (attendance
among them), so they do here. Berit (BUP, not assigned), Ada and Rut do not.
The school's list is the head teacher's; imports are the head teacher's and administrators'
(no administrator in the world: the thresholds page is a 404 to all). Actions are POST only.
"""

from django.utils import timezone

from lots.attendance import importing, services, terms
from lots.attendance.models import Absence, Signal
from tests.access_matrix.rows import EVERYONE, Row

SEE_ELIN_ABSENCE = frozenset({"kim", "mona", "rita", "tor!", "bo", "sam"})
HEAD = frozenset({"rita"})
POST_ONLY = frozenset()


def _signal(w, f):
    return [f["absence_signal"].pk]


def _import(w, f):
    return [f["absence_import"].pk]


def _name(w):
    return w.elin.full_name


MATRIX = {
    "attendance:overview": Row(lambda w, f: [], EVERYONE, shows=_name, sees=HEAD),
    "attendance:signals": Row(lambda w, f: [], EVERYONE, shows=_name, sees=SEE_ELIN_ABSENCE),
    "attendance:signal": Row(_signal, SEE_ELIN_ABSENCE, shows=_name),
    "attendance:signal_start": Row(_signal, POST_ONLY, denied_status=405),
    "attendance:signal_decline": Row(_signal, POST_ONLY, denied_status=405),
    "attendance:signal_investigation": Row(_signal, POST_ONLY, denied_status=405),
    "attendance:import": Row(lambda w, f: [], HEAD),
    "attendance:import_result": Row(_import, HEAD),
    "attendance:import_status": Row(_import, HEAD),
    "attendance:import_confirm": Row(_import, POST_ONLY, denied_status=405),
    "attendance:thresholds": Row(lambda w, f: [], frozenset()),
}


def fixtures(world) -> dict:
    today = timezone.localdate()
    Absence.objects.create(
        child=world.elin,
        unit=world.school_unit,
        agency=world.school,
        day=today,
        scheduled_minutes=300,
        invalid_minutes=300,
    )
    terms.rebuild(first=today, last=today)  # as an import would
    services.raise_signals()
    job = importing.start(
        actor=world.actor(world.rita),
        data=f"personnummer;datum;schemalagda_minuter;franvaro_minuter;giltig\n{world.elin.identity_number};{today};300;300;nej\n".encode(),
        dry_run=True,
    )
    return {"absence_signal": Signal.objects.get(child=world.elin, level="routine"), "absence_import": job}
