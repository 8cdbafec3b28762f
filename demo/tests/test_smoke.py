"""The demo boots and a demo user signs in through the real sign-in page.

The suite runs without LOTS_DEMO, so the demo is not an installed app here: `load_demo` is called
as its command object, and the log-ins are handed to the sign-in page as `demo.apps` does."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_otp.oath import TOTP

from demo.management.commands.load_demo import Command as LoadDemo
from demo.personas import DEMO_PASSWORD, DEMO_TOTP_KEY, PERSONAS, demo_logins
from lots.organisations.models import Membership, User
from lots.organisations.roles import Role
from lots.people.models import Child

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command(LoadDemo(), seed=7)


def test_the_demo_covers_every_role_and_about_300_children(demo):
    assert {m.role for m in Membership.objects.all()} == set(Role.values)
    assert User.objects.count() == len(PERSONAS) >= 40
    assert 280 <= Child.objects.count() <= 320
    assert Child.objects.filter(protected_identity=True).count() >= 2
    assert not Child.objects.filter(identity_number__isnull=True).exists()


def test_the_demos_meeting_links_are_on_the_hosts_a_demo_install_allows(demo, settings):
    from lots.plans.models import SipMeeting
    from lots.plans.services.meetings import video_link_error

    settings.LOTS_MEETING_VIDEO_HOSTS = ["meet.sjoland.se"]  # the default of a demo install (LOTS_DEMO)
    links = list(SipMeeting.objects.exclude(video_link="").values_list("video_link", flat=True))
    assert links and [link for link in links if video_link_error(link)] == []


def test_the_demo_is_deterministic():
    from django.db import transaction

    from demo import loader as demo_module
    from lots.core.luhn import luhn_ok

    def build_and_read():
        class Undo(Exception):
            pass

        try:
            with transaction.atomic():
                demo_module.build(seed=11)
                rows = list(
                    Child.objects.order_by("identity_number").values_list("identity_number", "first_name", "last_name")
                )
                raise Undo
        except Undo:
            return rows

    first, second = build_and_read(), build_and_read()
    assert first == second
    assert all(luhn_ok(number[2:]) for number, _, _ in first)
    assert all(980 <= int(number[8:11]) <= 999 for number, _, _ in first), "Skatteverket's test serials"


def test_load_demo_twice_leaves_the_data_as_it_is(demo, capsys):
    count = Child.objects.count()
    call_command(LoadDemo())
    assert "already loaded" in capsys.readouterr().out
    assert Child.objects.count() == count


@pytest.fixture
def demo_logins_offered():
    """What `demo.apps.DemoConfig.ready` does on a demo install."""
    from lots.security import login

    login.offer_demo_logins(demo_logins)
    yield
    login.offer_demo_logins(None)


def test_the_sign_in_page_lists_no_demo_log_ins_off_a_demo_install(demo, demo_logins_offered, client, settings):
    settings.LOTS_DEMO = False
    assert "kurator.asen" not in client.get(reverse("login")).content.decode()


def test_a_demo_user_signs_in_through_the_login_page_and_reaches_a_child(demo, demo_logins_offered, client, settings):
    settings.LOTS_DEMO = True
    page = client.get(reverse("login"))
    assert page.status_code == 200
    for persona in demo_logins():
        assert persona.username in page.content.decode()
    response = client.post(reverse("login"), {"username": "kurator.asen", "password": DEMO_PASSWORD}, follow=True)
    code_step = response.redirect_chain[-1][0]
    assert code_step.startswith(reverse("otp_verify")), "a kurator gives a one-time code too"
    shown = re.search(r"koden just nu är (\d{6})", response.content.decode()).group(1)
    assert shown in {f"{TOTP(bytes.fromhex(DEMO_TOTP_KEY), drift=d).token():06d}" for d in (-1, 0, 1)}
    response = client.post(code_step, {"code": shown}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("todo:start"), "staff land on Att göra"
    elin = Child.objects.get(first_name="Elin", last_name="Berg")
    overview = client.get(reverse("people:child", args=[elin.pk]))
    assert overview.status_code == 200
    assert "Elin Berg" in overview.content.decode()


def test_a_wrong_password_is_refused(demo, client):
    response = client.post(reverse("login"), {"username": "kurator.asen", "password": "fel"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_passwords_are_hashed_with_argon2(demo):
    assert User.objects.get(username="kurator.asen").password.startswith("argon2")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_scenario_children_are_unique_whatever_the_seed(seed):
    from demo import loader as demo_module

    demo_module.build(seed=seed)
    for first, last in [("Elin", "Berg"), ("Noah", "Lindqvist"), ("Melvin", "Karlsson"), ("Saga", "Nyström")]:
        assert Child.objects.filter(first_name=first, last_name=last).count() == 1


def test_the_demo_loaded_just_after_midnight_has_received_nothing_in_the_future(db):
    import datetime as dt
    from zoneinfo import ZoneInfo

    import time_machine
    from django.utils import timezone

    from lots.intake.models import ConcernReport, HelpRequest

    with time_machine.travel(dt.datetime(2026, 12, 6, 0, 30, tzinfo=ZoneInfo("Europe/Stockholm")), tick=False):
        call_command(LoadDemo(), seed=7)
        now = timezone.now()
        assert ConcernReport.objects.exists() and HelpRequest.objects.exists()
        assert not ConcernReport.objects.filter(received_at__gt=now).exists()
        assert not HelpRequest.objects.filter(created_at__gt=now).exists()


def test_the_demo_shows_elins_absence_over_two_thresholds_with_its_signals(demo):
    from lots.attendance.models import Absence, AbsenceImport, Level, Signal
    from lots.notifications.models import Notification

    assert AbsenceImport.objects.filter(dry_run=False, status=AbsenceImport.Status.DONE).count() == 1
    elin = Child.objects.get(first_name="Elin", last_name="Berg")
    assert Absence.objects.filter(child=elin).count() == 20
    assert set(Signal.objects.filter(child=elin).values_list("level", flat=True)) == {
        Level.MENTOR,
        Level.STUDENT_HEALTH,
    }
    assert Signal.objects.exclude(child=elin).filter(level=Level.MENTOR).count() == 1
    assert not Signal.objects.filter(level=Level.ROUTINE).exists()
    mentor = User.objects.get(username="mentor.asen")
    assert Notification.objects.filter(recipient=mentor, kind="attendance.mentor").exists()
