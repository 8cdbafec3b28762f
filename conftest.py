"""Shared test fixtures. `world` is a small region with named people and known access:

- Kim (kurator) and Mona (mentor) at Testskolan are assigned to Elin; Tor (teacher) at the
  same school is not. Rita is the rektor (manager of Testskolan).
- Sam (social worker) is assigned to Elin in social services; Bo (BUP) is assigned to Elin in
  the region's BUP; Berit (BUP) is not assigned to anyone.
- Elin has two guardians with custody, Gun and Gert. Saga has protected identity; Kim and
  Mona are assigned to her, only Rita is cleared to see where she lives.
- Ada is the municipality's log auditor.
- Rut is a social worker at social services' reception (no assignment to anyone).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import pytest
from django.db.models.signals import post_migrate

from lots.access.tests.factories import AssignmentFactory, ProtectedClearanceFactory
from lots.organisations.actor import Actor
from lots.organisations.models import Agency, Membership, Unit, User
from lots.organisations.roles import Role
from lots.organisations.tests.factories import (
    AgencyFactory,
    MembershipFactory,
    PrincipalFactory,
    UnitFactory,
    UserFactory,
)
from lots.people.models import Child, RelatedPerson
from lots.people.tests.factories import ChildFactory, RelatedPersonFactory, RelationshipFactory


def pytest_configure(config):
    """`LOTS_TEST_NOW=2026-12-31T23:30+01:00` runs the suite as if it were then (time ticking on).

    The suite must pass on any day at any hour: this shows it on the awkward ones (New Year's Eve,
    the hour when the UTC date and the Swedish date differ, a leap day).
    """
    if moment := os.environ.get("LOTS_TEST_NOW"):
        import time_machine

        time_machine.travel(moment, tick=True).start()


def _chain_heads_after_a_flush(sender, **kwargs):
    """A transactional test ends by flushing the database, which empties the access log's chain
    heads that the migration wrote; Django then sends post_migrate (as it does to put content types
    back), and the heads are put back here, so that later tests do not each make them again (and
    count those statements)."""
    if sender.label == "audit":
        from django.conf import settings

        from lots.audit.services import add_chain_heads

        add_chain_heads(max(1, settings.LOTS_AUDIT_CHAINS))


post_migrate.connect(_chain_heads_after_a_flush, dispatch_uid="lots-test-chain-heads")


@pytest.fixture(autouse=True)
def _forced_sign_in_gives_the_second_factor(monkeypatch):
    """`client.force_login(user)` stands for a whole sign-in: when the user's roles need a second
    factor, the session is verified by a confirmed device of theirs, as after the code step. The
    code step itself is tested through the sign-in form (lots/organisations/tests/test_sign_in.py).
    """
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from lots.organisations.selectors import current_memberships, otp_required

    force_login = Client.force_login

    def force_login_verified(self, user, backend=None):
        force_login(self, user, backend)
        if otp_required(user, list(current_memberships(user))):
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            device = device or TOTPDevice.objects.create(user=user, name="test", confirmed=True)
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login_verified)


@dataclass
class World:
    school: Agency
    social: Agency
    bup: Agency
    school_unit: Unit
    social_unit: Unit
    bup_unit: Unit
    kim: User
    mona: User
    tor: User
    rita: User
    sam: User
    bo: User
    berit: User
    ada: User
    elin: Child
    saga: Child
    gun: RelatedPerson
    gert: RelatedPerson
    reception_unit: Unit
    rut: User

    def membership(self, user: User) -> Membership:
        return user.memberships.select_related("unit__agency__principal").first()

    def actor(self, user: User) -> Actor:
        return Actor(user=user, membership=self.membership(user))


def _staff(unit, role, first_name, last_name):
    user = UserFactory(first_name=first_name, last_name=last_name, username=first_name.lower())
    MembershipFactory(user=user, unit=unit, role=role)
    return user


@pytest.fixture(autouse=True)
def _static_files_without_manifest(settings):
    """Tests render pages without running collectstatic first."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _no_known_chain_head():
    """Each test's first append takes a chain as a new connection would: a head known from an
    earlier test's commit would be tried first, and a test that counts statements count one more."""
    from django.db import connection

    connection._lots_audit_known_head = None


@pytest.fixture(autouse=True)
def _documents_in_a_temporary_directory(settings, tmp_path):
    """Uploaded files of a test go to its own directory, never to var/."""
    settings.LOTS_DOCUMENTS_DIR = tmp_path / "documents"


@pytest.fixture(autouse=True)
def _anchor_in_a_temporary_file(settings, tmp_path):
    """A test's checkpoints of the access log go to its own anchor file, signed with a test key."""
    settings.LOTS_ANCHOR_FILE = tmp_path / "audit-anchor.jsonl"
    settings.LOTS_ANCHOR_KEY = "anchor-key-of-the-tests"


@pytest.fixture
def world(db) -> World:
    region = PrincipalFactory(region_kind=True, name="Region Testland")
    town = PrincipalFactory(name="Testby kommun", region=region)
    school = AgencyFactory(principal=town, name="Utbildning", kind=Agency.Kind.SCHOOL)
    social = AgencyFactory(principal=town, name="Socialtjänst", kind=Agency.Kind.SOCIAL_SERVICES)
    admin = AgencyFactory(principal=town, name="Kommunledning", kind=Agency.Kind.OTHER)
    bup = AgencyFactory(principal=region, name="BUP", kind=Agency.Kind.HEALTH_CARE)
    school_unit = UnitFactory(agency=school, name="Testskolan")
    social_unit = UnitFactory(agency=social, name="Barn och unga", kind=Unit.Kind.SOCIAL_SERVICES_INVESTIGATION)
    bup_unit = UnitFactory(agency=bup, name="BUP Testby", kind=Unit.Kind.BUP)
    admin_unit = UnitFactory(agency=admin, name="Stab", kind=Unit.Kind.ADMINISTRATION)
    reception_unit = UnitFactory(agency=social, name="Mottagningen", kind=Unit.Kind.SOCIAL_SERVICES_RECEPTION)

    w = World(
        school=school,
        social=social,
        bup=bup,
        school_unit=school_unit,
        social_unit=social_unit,
        bup_unit=bup_unit,
        kim=_staff(school_unit, Role.KURATOR, "Kim", "Kuratorsson"),
        mona=_staff(school_unit, Role.TEACHER, "Mona", "Mentorsson"),
        tor=_staff(school_unit, Role.TEACHER, "Tor", "Lärarsson"),
        rita=_staff(school_unit, Role.REKTOR, "Rita", "Rektorsson"),
        sam=_staff(social_unit, Role.SOCIAL_WORKER_INVESTIGATION, "Sam", "Socialsson"),
        bo=_staff(bup_unit, Role.BUP_CLINICIAN, "Bo", "Bupsson"),
        berit=_staff(bup_unit, Role.BUP_CLINICIAN, "Berit", "Bupsdotter"),
        ada=_staff(admin_unit, Role.AUDITOR, "Ada", "Granskarsson"),
        elin=ChildFactory(first_name="Elin", last_name="Berg", school_unit=school_unit, school_year="7", age=13),
        saga=ChildFactory(first_name="Saga", last_name="Nyström", school_unit=school_unit, protected=True, age=12),
        gun=RelatedPersonFactory(first_name="Gun", last_name="Berg"),
        gert=RelatedPersonFactory(first_name="Gert", last_name="Berg"),
        reception_unit=reception_unit,
        rut=_staff(reception_unit, Role.SOCIAL_WORKER_INTAKE, "Rut", "Mottagarsson"),
    )
    RelationshipFactory(child=w.elin, person=w.gun)
    RelationshipFactory(child=w.elin, person=w.gert)
    for user, unit in [
        (w.kim, school_unit),
        (w.mona, school_unit),
        (w.sam, social_unit),
        (w.bo, bup_unit),
    ]:
        AssignmentFactory(user=user, unit=unit, child=w.elin)
    for user in (w.kim, w.mona):
        AssignmentFactory(user=user, unit=school_unit, child=w.saga)
    ProtectedClearanceFactory(user=w.rita, child=w.saga, granted_by=w.rita)
    return w


@pytest.fixture
def signed_in(client):
    """`signed_in(user)` gives the test client a session for that user."""

    def sign_in(user: User):
        client.force_login(user)
        return client

    return sign_in
