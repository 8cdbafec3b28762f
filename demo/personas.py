"""The demo's staff: who they are, where they work, what role they hold.

`make run` prints these log-ins and the sign-in page lists them on a demo install.
"""

from __future__ import annotations

from dataclasses import dataclass

from lots.organisations.roles import Role

DEMO_PASSWORD = "demo-lots-2026"  # noqa: S105 - a demo install's published password, never production
#: Every demo user's authenticator key (hex, as django-otp stores it); in an authenticator app it
#: is the base32 key DEMO_TOTP_KEY_BASE32. Published, like the password: a demo, never production.
DEMO_TOTP_KEY = "6c6f74732d64656d6f2d746f74702d3230323621"
DEMO_TOTP_KEY_BASE32 = "NRXXI4ZNMRSW23ZNORXXI4BNGIYDENRB"


@dataclass(frozen=True)
class Persona:
    username: str
    first_name: str
    last_name: str
    unit: str
    role: str
    featured: bool = False  # listed on the sign-in page and by `make run`


PERSONAS: list[Persona] = [
    # Åskär: school
    Persona("rektor.asen", "Helena", "Strand", "Åsens skola", Role.REKTOR, featured=True),
    Persona("mentor.asen", "Jonas", "Ek", "Åsens skola", Role.TEACHER, featured=True),
    Persona("larare2.asen", "Petra", "Holmgren", "Åsens skola", Role.TEACHER),
    Persona("kurator.asen", "Sara", "Lindahl", "Åsens skola", Role.KURATOR, featured=True),
    Persona("skolskoterska.asen", "Karin", "Blom", "Åsens skola", Role.SCHOOL_NURSE),
    Persona("psykolog.skola", "Mikael", "Forsberg", "Åsens skola", Role.SCHOOL_PSYCHOLOGIST),
    Persona("specped.asen", "Lena", "Ström", "Åsens skola", Role.SPECIAL_EDUCATOR),
    Persona("rektor.centrum", "Anders", "Wiklund", "Centrumskolan", Role.REKTOR),
    Persona("mentor.centrum", "Ida", "Nordin", "Centrumskolan", Role.TEACHER),
    Persona("larare2.centrum", "Fredrik", "Hedlund", "Centrumskolan", Role.TEACHER),
    Persona("kurator.centrum", "Maryam", "Rahimi", "Centrumskolan", Role.KURATOR),
    Persona("skolskoterska.centrum", "Therese", "Ekström", "Centrumskolan", Role.SCHOOL_NURSE),
    Persona("rektor.kompassen", "Patrik", "Sandström", "Resursskolan Kompassen", Role.REKTOR),
    Persona("mentor.kompassen", "Camilla", "Lund", "Resursskolan Kompassen", Role.TEACHER),
    # Åskär: social services
    Persona(
        "mottagning",
        "Eva",
        "Lundqvist",
        "Mottagningen barn och unga",
        Role.SOCIAL_WORKER_INTAKE,
        featured=True,
    ),
    Persona("mottagning2", "Daniel", "Öhman", "Mottagningen barn och unga", Role.SOCIAL_WORKER_INTAKE),
    Persona(
        "chef.mottagning",
        "Malin",
        "Sjögren",
        "Mottagningen barn och unga",
        Role.UNIT_MANAGER,
        featured=True,
    ),
    Persona(
        "utredare",
        "Johanna",
        "Falk",
        "Barn- och ungdomsutredning",
        Role.SOCIAL_WORKER_INVESTIGATION,
    ),
    Persona(
        "utredare2",
        "Hassan",
        "Omar",
        "Barn- och ungdomsutredning",
        Role.SOCIAL_WORKER_INVESTIGATION,
    ),
    Persona("chef.utredning", "Stefan", "Norberg", "Barn- och ungdomsutredning", Role.UNIT_MANAGER),
    Persona("familjebehandlare", "Jenny", "Åberg", "Familjebehandlingen", Role.FAMILY_THERAPIST),
    Persona("faltassistent", "Marcus", "Lindholm", "Fältgruppen", Role.FIELD_WORKER),
    Persona("familjelots", "Linda", "Hägg", "Familjelotsteamet", Role.FAMILY_COORDINATOR, featured=True),
    # Åskär: care / LSS
    Persona("lss", "Tobias", "Engberg", "LSS-handläggning", Role.LSS_OFFICER),
    Persona("radochstod", "Sofia", "Brandt", "Råd och stöd", Role.LSS_OFFICER),
    Persona("chef.lss", "Magnus", "Dahl", "LSS-handläggning", Role.UNIT_MANAGER),
    # Bergvik
    Persona("rektor.bergvik", "Emma", "Söderlund", "Bergviks skola", Role.REKTOR),
    Persona("mentor.bergvik", "Niklas", "Vall", "Bergviks skola", Role.TEACHER),
    Persona("kurator.bergvik", "Frida", "Kvist", "Bergviks skola", Role.KURATOR),
    Persona(
        "mottagning.bergvik",
        "Robert",
        "Almgren",
        "Socialtjänsten Bergvik",
        Role.SOCIAL_WORKER_INTAKE,
    ),
    # Region
    Persona("bup", "Leila", "Karimi", "BUP Åskär", Role.BUP_CLINICIAN, featured=True),
    Persona("bup2", "Erik", "Hallberg", "BUP Åskär", Role.BUP_CLINICIAN),
    Persona("chef.bup", "Maria", "Lindén", "BUP Åskär", Role.UNIT_MANAGER),
    # BUP's head (verksamhetschef): BUP's nearest manager when a deviation names BUP without a unit.
    Persona("verksamhetschef.bup", "Jonas", "Ek", "BUP ledning", Role.UNIT_MANAGER, featured=True),
    Persona(
        "habilitering",
        "Martin",
        "Sjödin",
        "Barn- och ungdomshabiliteringen",
        Role.HABILITATION_CLINICIAN,
    ),
    Persona("vardcentral", "Ahmed", "Yousef", "Vårdcentralen Åskär", Role.PRIMARY_CARE_CLINICIAN),
    Persona(
        "ungdomsmottagning",
        "Elin",
        "Borg",
        "Ungdomsmottagningen Åskär",
        Role.PRIMARY_CARE_CLINICIAN,
    ),
    # Follow-up, audit, administration
    Persona(
        "styrgrupp",
        "Peter",
        "Ahlström",
        "Kommunledningens stab",
        Role.STEERING_GROUP_MEMBER,
        featured=True,
    ),
    Persona("styrgrupp.region", "Anna", "Westerberg", "Regionens stab", Role.STEERING_GROUP_MEMBER),
    Persona("loggranskare", "Karim", "Nasser", "Kommunledningens stab", Role.AUDITOR, featured=True),
    Persona("admin", "Camilla", "Ros", "Kommunledningens stab", Role.ADMINISTRATOR, featured=True),
]


def demo_logins() -> list[Persona]:
    return [p for p in PERSONAS if p.featured]
