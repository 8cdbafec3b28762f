"""The XSS and injection list (test_xss.PAYLOADS) against the free text of the intake, catalogue
and plans apps: whatever a reporter, an editor or a SIP participant writes is shown escaped on
every page that shows it, and search boxes echo it escaped and find nothing by injection."""

import pytest
from django.urls import reverse

from lots.catalogue.tests.factories import InterventionFactory
from lots.intake.tests.factories import ConcernReportFactory
from lots.plans.tests.factories import SipActionFactory, SipGoalFactory, elins_sip
from lots.security.tests.test_xss import PAYLOADS, assert_shown_escaped, signed_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_concern_report_is_shown_escaped_to_reception_and_to_the_reporter(world, payload):
    report = ConcernReportFactory(
        receiving_agency=world.social,
        receiving_unit=world.reception_unit,
        child=world.elin,
        reporter=world.mona,
        reporter_unit=world.school_unit,
        observed=payload,
    )
    reception = signed_in(world.rut).get(reverse("intake:report", args=[report.pk])).content.decode()
    assert_shown_escaped(reception, payload)
    reporter = signed_in(world.mona).get(reverse("intake:my_report", args=[report.pk])).content.decode()
    assert_shown_escaped(reporter, payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_sip_goals_and_actions_are_shown_escaped(world, payload):
    sip = elins_sip(world)
    SipGoalFactory(sip=sip, owner_agency=world.school, written_by=world.kim, text=payload, childs_own=True)
    SipActionFactory(sip=sip, owner_agency=world.school, written_by=world.kim, what=payload, responsible_person=payload)
    body = signed_in(world.kim).get(reverse("plans:detail", args=[sip.pk])).content.decode()
    assert_shown_escaped(body, payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_catalogue_entries_are_shown_escaped_to_the_public_and_to_staff(world, client, payload):
    entry = InterventionFactory(agency=world.social, name=f"Stöd {payload}", summary=payload)
    public = client.get(reverse("catalogue:public_entry", args=[entry.pk])).content.decode()
    assert_shown_escaped(public, payload)
    staff = signed_in(world.kim).get(reverse("catalogue:entry", args=[entry.pk])).content.decode()
    assert_shown_escaped(staff, payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_catalogue_search_boxes_echo_escaped_and_find_nothing_by_injection(world, client, payload):
    InterventionFactory(agency=world.social, name="Familjebehandling")
    for response in (
        client.get(reverse("catalogue:public_search"), {"q": payload}),
        signed_in(world.kim).get(reverse("catalogue:search"), {"q": payload}),
    ):
        assert response.status_code == 200
        body = response.content.decode()
        assert_shown_escaped(body, payload)
        assert "Familjebehandling" not in body, "an injected condition found every entry"
