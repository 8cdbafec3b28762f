"""A fictional region and two municipalities, with their agencies and units."""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.db.models import Q
from django_otp.plugins.otp_totp.models import TOTPDevice

from demo.personas import DEMO_PASSWORD, DEMO_TOTP_KEY, PERSONAS
from lots.core.luhn import luhn_check_digit
from lots.organisations.models import Agency, Membership, Principal, Unit, User
from lots.organisations.roles import Role


def _org_number(prefix: str, serial: int) -> str:
    body = f"{prefix}{serial:03d}"
    return f"{body[:6]}-{body[6:]}{luhn_check_digit(body)}"


REGION = ("Region Sjöland", Principal.Kind.REGION, "232100", 7)
MUNICIPALITIES = [("Åskärs kommun", "212000", 41), ("Bergviks kommun", "212000", 57)]

# principal -> [(agency, kind, [(unit, unit kind, street, postal code, city)])]
STRUCTURE = {
    "Åskärs kommun": [
        (
            "Utbildningsförvaltningen",
            Agency.Kind.SCHOOL,
            [
                ("Åsens skola", Unit.Kind.SCHOOL, "Skolgatan 12", "611 30", "Åskär"),
                ("Centrumskolan", Unit.Kind.SCHOOL, "Torggatan 3", "611 32", "Åskär"),
                (
                    "Resursskolan Kompassen",
                    Unit.Kind.RESOURCE_SCHOOL,
                    "Parkvägen 8",
                    "611 35",
                    "Åskär",
                ),
            ],
        ),
        (
            "Socialförvaltningen",
            Agency.Kind.SOCIAL_SERVICES,
            [
                (
                    "Mottagningen barn och unga",
                    Unit.Kind.SOCIAL_SERVICES_RECEPTION,
                    "Rådhusgatan 1",
                    "611 31",
                    "Åskär",
                ),
                (
                    "Barn- och ungdomsutredning",
                    Unit.Kind.SOCIAL_SERVICES_INVESTIGATION,
                    "Rådhusgatan 1",
                    "611 31",
                    "Åskär",
                ),
                (
                    "Familjebehandlingen",
                    Unit.Kind.FAMILY_TREATMENT,
                    "Ängsvägen 4",
                    "611 38",
                    "Åskär",
                ),
                ("Fältgruppen", Unit.Kind.FIELD_WORK, "Rådhusgatan 1", "611 31", "Åskär"),
                (
                    "Familjelotsteamet",
                    Unit.Kind.FAMILY_COORDINATION,
                    "Rådhusgatan 1",
                    "611 31",
                    "Åskär",
                ),
            ],
        ),
        (
            "Omsorgsförvaltningen",
            Agency.Kind.CARE,
            [
                ("LSS-handläggning", Unit.Kind.LSS, "Vårdvägen 2", "611 40", "Åskär"),
                ("Råd och stöd", Unit.Kind.LSS, "Vårdvägen 2", "611 40", "Åskär"),
            ],
        ),
        (
            "Kommunledningsförvaltningen",
            Agency.Kind.OTHER,
            [
                (
                    "Kommunledningens stab",
                    Unit.Kind.ADMINISTRATION,
                    "Rådhusgatan 1",
                    "611 31",
                    "Åskär",
                ),
            ],
        ),
    ],
    "Bergviks kommun": [
        (
            "Barn- och utbildningsförvaltningen",
            Agency.Kind.SCHOOL,
            [
                ("Bergviks skola", Unit.Kind.SCHOOL, "Bergsgatan 20", "642 30", "Bergvik"),
            ],
        ),
        (
            "Socialtjänsten",
            Agency.Kind.SOCIAL_SERVICES,
            [
                (
                    "Socialtjänsten Bergvik",
                    Unit.Kind.SOCIAL_SERVICES_RECEPTION,
                    "Kyrkogatan 5",
                    "642 31",
                    "Bergvik",
                ),
            ],
        ),
    ],
    "Region Sjöland": [
        (
            "Barn- och ungdomspsykiatrin (BUP)",
            Agency.Kind.HEALTH_CARE,
            [
                ("BUP Åskär", Unit.Kind.BUP, "Lasarettsvägen 10", "611 85", "Åskär"),
                ("BUP ledning", Unit.Kind.ADMINISTRATION, "Lasarettsvägen 10", "611 85", "Åskär"),
            ],
        ),
        (
            "Habiliteringen",
            Agency.Kind.HEALTH_CARE,
            [
                (
                    "Barn- och ungdomshabiliteringen",
                    Unit.Kind.HABILITATION,
                    "Lasarettsvägen 12",
                    "611 85",
                    "Åskär",
                ),
            ],
        ),
        (
            "Primärvården",
            Agency.Kind.HEALTH_CARE,
            [
                ("Vårdcentralen Åskär", Unit.Kind.PRIMARY_CARE, "Storgatan 40", "611 34", "Åskär"),
                (
                    "Ungdomsmottagningen Åskär",
                    Unit.Kind.YOUTH_CLINIC,
                    "Storgatan 40",
                    "611 34",
                    "Åskär",
                ),
            ],
        ),
        (
            "Regionledningen",
            Agency.Kind.OTHER,
            [
                ("Regionens stab", Unit.Kind.ADMINISTRATION, "Regiongatan 1", "611 80", "Åskär"),
            ],
        ),
    ],
}


def build_organisations() -> dict[str, Unit]:
    region = Principal.objects.create(
        name=REGION[0], kind=REGION[1], organisation_number=_org_number(REGION[2], REGION[3])
    )
    principals = {region.name: region}
    for name, prefix, serial in MUNICIPALITIES:
        principals[name] = Principal.objects.create(
            name=name,
            kind=Principal.Kind.MUNICIPALITY,
            organisation_number=_org_number(prefix, serial),
            region=region,
        )
    units: dict[str, Unit] = {}
    for principal_name, agencies in STRUCTURE.items():
        for agency_name, kind, unit_rows in agencies:
            agency = Agency.objects.create(principal=principals[principal_name], name=agency_name, kind=kind)
            for unit_name, unit_kind, street, postal_code, city in unit_rows:
                units[unit_name] = Unit.objects.create(
                    agency=agency,
                    name=unit_name,
                    kind=unit_kind,
                    street_address=street,
                    postal_code=postal_code,
                    city=city,
                )
    return units


def build_staff(units: dict[str, Unit]) -> dict[str, User]:
    users: dict[str, User] = {}
    hashed = None
    for persona in PERSONAS:
        user = User(
            username=persona.username,
            first_name=persona.first_name,
            last_name=persona.last_name,
            email=f"{persona.username}@example.invalid",
            is_staff=persona.role == Role.ADMINISTRATOR,
        )
        if hashed is None:
            user.set_password(DEMO_PASSWORD)
            hashed = user.password
        user.password = hashed  # one Argon2 hash for all: the demo loads in seconds
        users[persona.username] = user
    User.objects.bulk_create(users.values())
    users = {u.username: u for u in User.objects.filter(username__in=users)}
    admin_permissions = Permission.objects.filter(
        Q(content_type__app_label="organisations")
        | Q(content_type__app_label="security", content_type__model="enrolmentlink", codename__regex="^(add|view)_")
    )
    for user in users.values():
        if user.is_staff:
            user.user_permissions.set(admin_permissions)
    # Every demo user has an authenticator with the published demo key (README, demo log-ins);
    # on a demo the code step also shows the code of the moment.
    TOTPDevice.objects.bulk_create(
        [TOTPDevice(user=user, name="Demo", key=DEMO_TOTP_KEY, confirmed=True) for user in users.values()]
    )
    Membership.objects.bulk_create(
        [Membership(user=users[p.username], unit=units[p.unit], role=p.role, valid_from="2024-08-01") for p in PERSONAS]
    )
    return users
