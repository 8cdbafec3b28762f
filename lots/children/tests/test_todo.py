"""The start page "Att göra": each role sees its own items and nothing it may not see, in a fixed
number of statements whatever the number of items."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from lots.attendance.models import Level, Signal
from lots.attendance.warning import term_start
from lots.audit.models import AuditEntry
from lots.core import todo
from lots.core.testing import main_of, queries_of
from lots.families.models import Referral, ReferralSource, ReferralStatus
from lots.intake import deadlines
from lots.intake.tests.factories import ConcernReportFactory
from lots.organisations.models import Agency, Unit
from lots.organisations.roles import Role
from lots.organisations.tests.factories import AgencyFactory, MembershipFactory, UnitFactory, UserFactory
from lots.people.tests.factories import ChildFactory, HouseholdFactory
from lots.plans.tests.factories import elins_sip

URL = reverse("todo:start")


def _report(world, child, days: int):
    return ConcernReportFactory(
        receiving_agency=world.social,
        receiving_unit=world.reception_unit,
        child=child,
        next_deadline_rule=deadlines.DECISION,
        next_deadline_on=timezone.localdate() + dt.timedelta(days=days),
    )


def _lead(world, sip, user, agency):
    sip.lead_user, sip.lead_agency, sip.lead_principal = user, agency, agency.principal
    sip.save(update_fields=["lead_user", "lead_agency", "lead_principal"])


def test_the_front_page_is_public_and_staff_go_on_to_their_start_page(client, world):
    response = client.get("/")
    assert response.status_code == 200
    page = main_of(response)
    assert reverse("catalogue:public_search") in page and reverse("login") in page
    client.force_login(world.kim)
    assert client.get("/")["Location"] == URL


def test_the_front_page_offers_the_family_sign_in_where_the_family_view_has_a_way_in(client, settings, db):
    settings.LOTS_DEMO = False
    settings.LOTS_FAMILY_OIDC_ISSUER = ""
    assert reverse("portal:sign_in") not in main_of(client.get("/"))
    assert client.get(reverse("portal:sign_in")).status_code == 404
    settings.LOTS_FAMILY_OIDC_ISSUER = "https://idp.example.se"  # a production install's e-legitimation
    assert reverse("portal:sign_in") in main_of(client.get("/"))
    assert client.get(reverse("portal:sign_in")).status_code == 200


def test_sign_in_lands_on_the_start_page(settings):
    assert reverse(settings.LOGIN_REDIRECT_URL) == "/"


def test_the_plans_lead_sees_the_overdue_follow_up_with_the_childs_name(signed_in, world):
    sip = elins_sip(world, overdue=True)
    _lead(world, sip, world.kim, world.school)
    page = main_of(signed_in(world.kim).get(URL))
    overdue = page.split('id="todo-overdue"')[1].split("</section>")[0]
    assert "Elin Berg" in overdue and reverse("plans:detail", args=[sip.pk]) in overdue
    # a mentor assigned to Elin who does not lead the plan has nothing to do in it
    assert "Elin Berg" not in main_of(signed_in(world.mona).get(URL))


def test_reception_sees_the_deadlines_and_the_queue_and_no_one_else_does(signed_in, world):
    _report(world, world.elin, days=-1)
    _report(world, world.saga, days=2)
    page = main_of(signed_in(world.rut).get(URL))
    assert reverse("intake:queue") in page
    assert page.count(reverse("intake:report", args=[1]).rsplit("1/", 1)[0]) >= 2
    # named as the reception queue names them (the policy's ground for reports sent to reception),
    # the protected child masked
    assert "Elin Berg" in page and "Nyström" not in page
    for other in (world.mona, world.rita, world.bo, world.sam):
        assert reverse("intake:queue") not in main_of(signed_in(other).get(URL))


def test_bup_sees_its_own_plan_and_not_the_schools(signed_in, world):
    school_led = elins_sip(world, overdue=True)
    _lead(world, school_led, world.kim, world.school)
    bup_led = elins_sip(world, established=True)
    bup_led.follow_up_on = timezone.localdate() + dt.timedelta(days=3)
    bup_led.save(update_fields=["follow_up_on"])
    _lead(world, bup_led, world.bo, world.bup)
    page = main_of(signed_in(world.bo).get(URL))
    assert reverse("plans:detail", args=[bup_led.pk]) in page
    assert reverse("plans:detail", args=[school_led.pk]) not in page
    assert "Nothing is overdue" in page or "Inget är försenat" in page
    assert main_of(signed_in(world.berit).get(URL)).count("Elin") == 0


def test_the_steering_group_and_the_rektor_find_the_follow_up(signed_in, world):
    steering = UserFactory(username="styr")
    MembershipFactory(user=steering, unit=world.school_unit, role=Role.STEERING_GROUP_MEMBER)
    for user in (steering, world.rita):
        assert reverse("followup:dashboard") in main_of(signed_in(user).get(URL))
    assert reverse("followup:dashboard") not in main_of(signed_in(world.mona).get(URL))


def test_the_family_coordinator_sees_the_referrals_to_decide(signed_in, world):
    care = AgencyFactory(principal=world.school.principal, name="Omsorg", kind=Agency.Kind.CARE)
    team = UnitFactory(agency=care, name="Familjelotsarna", kind=Unit.Kind.FAMILY_COORDINATION)
    fia = UserFactory(username="fia")
    MembershipFactory(user=fia, unit=team, role=Role.FAMILY_COORDINATOR)
    referral = Referral.objects.create(
        team=team,
        child=world.elin,
        household=HouseholdFactory(),
        source=ReferralSource.FAMILY,
        status=ReferralStatus.RECEIVED,
        needs="Många kontakter.",
        members_with_needs=3,
        agencies_involved=4,
    )
    page = main_of(signed_in(fia).get(URL))
    assert reverse("families:referral", args=[referral.pk]) in page
    assert reverse("families:referral", args=[referral.pk]) not in main_of(signed_in(world.kim).get(URL))


def test_links_carry_no_person_data(world):
    sip = elins_sip(world, overdue=True)
    _lead(world, sip, world.kim, world.school)
    items = todo.collect_items(world.actor(world.kim), timezone.localdate())
    assert items
    for item in items:
        assert world.elin.last_name not in item.url and world.elin.identity_number not in item.url


@pytest.mark.parametrize("more", [0, 1])
def test_the_page_is_bounded_whatever_the_number_of_items(signed_in, world, more):
    """The same statements for 2 items as for 12, and one append to the access log."""
    client = signed_in(world.rut)
    for i in range(2 + 10 * more):
        _report(world, ChildFactory(school_unit=world.school_unit), days=i - 1)
    client.get(URL)  # warm: the process's first log write checks the chain heads once
    statements = queries_of(lambda: client.get(URL))
    assert sum('INSERT INTO "audit_auditentry"' in sql for sql in statements) <= 1
    assert len(statements) == _COUNT.setdefault("rut", len(statements)) <= 16  # SQLite and PostgreSQL 15


_COUNT: dict[str, int] = {}


def test_the_mentor_sees_an_undecided_absence_signal_of_her_pupil(signed_in, world):
    today = timezone.localdate()
    signal = Signal.objects.create(
        child=world.elin,
        agency=world.school,
        unit=world.school_unit,
        level=Level.ROUTINE,
        term_start=term_start(today),
        raised_on=today,
        percent=20,
    )
    url = reverse("attendance:signal", args=[signal.pk])
    assert url in main_of(signed_in(world.mona).get(URL))
    for other in (world.berit, world.rut, world.sam):
        assert url not in main_of(signed_in(other).get(URL))


def test_each_record_shown_is_logged_once_by_its_app_and_the_children_not_again(signed_in, world):
    reports = [_report(world, world.elin, days=-1), _report(world, world.saga, days=2)]
    AuditEntry.objects.all().delete()
    signed_in(world.rut).get(URL)
    entries = list(AuditEntry.objects.filter(detail="todo").values_list("record_type", "record_id", "child_id"))
    logged_reports = [e for e in entries if e[0] == "intake.concernreport"]
    assert sorted(int(e[1]) for e in logged_reports) == sorted(r.pk for r in reports)
    assert sorted(e[2] for e in logged_reports) == sorted([world.elin.pk, world.saga.pk])
    assert not [e for e in entries if e[0] == "people.child"], "the children are named, not logged again"
