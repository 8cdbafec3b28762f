"""Issue 19: a report keeps what the reporter wrote, and the reporter sees nothing else.

Tor, a teacher who does not know Saga (protected identity), reports her by identity number and
writes no name: the registry's name must not be written into the report, shown back to Tor or
returned by the API. Reception sees the child through the policy (Saga masked) and what Tor
wrote, labelled as his."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from lots.intake import selectors
from lots.intake.models import ConcernReport
from lots.intake.tests import test_reports as reports_test
from lots.intake.tests.factories import ConcernReportFactory
from lots.people.identity import parse_identity_number

pytestmark = pytest.mark.django_db


def file(world, reporter, **overrides):
    overrides.setdefault("observed", "Eleven berättar att hon inte vågar gå hem.")
    return reports_test.file(world, actor=world.actor(reporter), **overrides)


def test_an_identity_number_links_the_child_but_writes_no_registry_name_into_the_report(world):
    number = parse_identity_number(world.saga.identity_number)
    report = file(world, world.tor, identity_number=number)
    assert report.child == world.saga
    assert report.child_name_given == ""
    assert report.child_number_given == number.digits
    mine = selectors.my_report(world.actor(world.tor), report.pk)
    assert mine.child_name == ""
    _page, listed = selectors.my_reports(world.actor(world.tor))
    assert [row.child_name for row in listed] == [""]


def test_a_child_chosen_from_the_list_is_linked_and_nothing_of_the_registry_is_copied(world, signed_in):
    report = file(world, world.mona, child=world.elin)
    assert report.child == world.elin
    assert (report.child_name_given, report.child_number_given) == ("", "")
    body = signed_in(world.mona).get(reverse("intake:my_report", args=[report.pk])).content.decode()
    assert "Ett av dina barn, valt i din lista" in body and "Berg" not in body


def test_the_name_is_kept_exactly_as_the_reporter_wrote_it(world):
    number = parse_identity_number(world.elin.identity_number)
    report = file(world, world.mona, identity_number=number, child_name="Ellen i 4B")
    assert report.child == world.elin and report.child_name_given == "Ellen i 4B"
    assert selectors.my_report(world.actor(world.mona), report.pk).child_name == "Ellen i 4B"


def test_the_reporters_pages_show_no_name_they_did_not_write(world, signed_in):
    report = file(world, world.tor, identity_number=parse_identity_number(world.saga.identity_number))
    client = signed_in(world.tor)
    for page in (reverse("intake:my_reports"), reverse("intake:my_report", args=[report.pk])):
        body = client.get(page).content.decode()
        assert "Saga" not in body and "Nyström" not in body, page
    assert "Eleven berättar att hon inte vågar gå hem." in body


def test_reception_sees_the_protected_child_masked_and_the_reporters_words_labelled(world, signed_in):
    number = parse_identity_number(world.saga.identity_number)
    unnamed = file(world, world.tor, identity_number=number)
    named = file(world, world.tor, identity_number=number, child_name="Flickan i 6A")
    client = signed_in(world.rut)
    body = client.get(reverse("intake:report", args=[unnamed.pk])).content.decode()
    assert "Saga" not in body and "Nyström" not in body
    body = client.get(reverse("intake:report", args=[named.pk])).content.decode()
    assert "Saga" not in body and "Nyström" not in body
    assert "Enligt anmälan" in body and "Flickan i 6A" in body


def test_the_migration_clears_registry_names_copied_by_the_old_service_and_keeps_the_reporters(world):
    clear = importlib.import_module("lots.intake.migrations.0002_report_keeps_only_what_the_reporter_wrote")
    copied = ConcernReportFactory(child=world.saga, child_name_given="Saga Nyström")
    written = ConcernReportFactory(child=world.elin, child_name_given="Elin i 4B")
    unknown = ConcernReportFactory(unknown_child=True)
    assert clear.clear_registry_names(apps, None) == 1
    names = dict(ConcernReport.objects.values_list("pk", "child_name_given"))
    assert names == {copied.pk: "", written.pk: "Elin i 4B", unknown.pk: "Pojke, ca 10 år"}
