"""The interop pages: the FHIR download from the plan's page, and the import pages."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lots.audit.models import AuditEntry
from lots.interop.fhir.export import sip_bundle
from lots.interop.tests.fhir_helpers import demo_like_sip, one, validate

pytestmark = pytest.mark.django_db


def test_the_plan_page_offers_the_fhir_export_which_is_a_valid_logged_download(world, signed_in):
    sip = demo_like_sip(world, established=True)
    client = signed_in(world.sam)
    url = reverse("interop:sip_fhir", args=[sip.pk])
    assert url in client.get(reverse("plans:detail", args=[sip.pk])).content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/fhir+json")
    assert "attachment" in response["Content-Disposition"]
    bundle = json.loads(response.content)
    validate(bundle)
    assert one(bundle, "CarePlan")["identifier"][0]["value"] == str(sip.pk)
    assert AuditEntry.objects.filter(user_id=world.sam.pk, action="export", record_id=str(sip.pk)).exists()


def test_the_export_is_a_404_for_a_viewer_outside_the_plan(world, signed_in):
    sip = demo_like_sip(world, established=True)
    assert signed_in(world.berit).get(reverse("interop:sip_fhir", args=[sip.pk])).status_code == 404


def test_the_import_page_applies_a_file_and_shows_the_report(world, signed_in):
    sip = demo_like_sip(world, established=True)
    bundle = sip_bundle(actor=world.actor(world.bo), plan=sip)
    one(bundle, "CarePlan")["title"] = "Regionens vårdplan"
    client = signed_in(world.bo)
    url = reverse("interop:sip_fhir_import", args=[sip.pk])
    assert url in client.get(reverse("plans:detail", args=[sip.pk])).content.decode()
    upload = SimpleUploadedFile("plan.json", json.dumps(bundle).encode(), content_type="application/json")
    response = client.post(url, {"file": upload})
    body = response.content.decode()
    assert response.status_code == 200
    assert "CarePlan.title" in body and "Inte tillämpat" in body


def test_the_import_page_refuses_a_file_that_is_not_fhir(world, signed_in):
    sip = demo_like_sip(world, established=True)
    upload = SimpleUploadedFile("plan.json", b"<html><script>alert(1)</script>", content_type="application/json")
    response = signed_in(world.bo).post(reverse("interop:sip_fhir_import", args=[sip.pk]), {"file": upload})
    assert response.status_code == 400
    assert "webbsidekod" in response.content.decode()


def test_the_pupil_import_page_previews_then_imports(world, signed_in):
    from lots.interop.tests.pupil_files import CODE, as_csv, pupil
    from lots.people.models import Child

    world.school_unit.school_unit_code = CODE
    world.school_unit.save()
    client = signed_in(world.rita)
    page = client.get(reverse("interop:children_import"))
    assert page.status_code == 200 and "vh1_personnummer" in page.content.decode()
    upload = SimpleUploadedFile("elever.csv", as_csv([pupil(1), pupil(2)]), content_type="text/csv")
    response = client.post(reverse("interop:children_import"), {"file": upload, "dry_run": "on"}, follow=True)
    body = response.content.decode()
    assert "Förhandsgranskning av importen" in body and "Elev1" not in body
    assert not Child.objects.filter(last_name="Import").exists()
    job = response.context["job"]
    response = client.post(reverse("interop:children_import_confirm", args=[job.pk]), follow=True)
    assert "Elever som lades till" in response.content.decode()
    assert Child.objects.filter(last_name="Import").count() == 2


def test_the_pupil_import_page_lists_bad_rows_and_refuses_other_files(world, signed_in):
    client = signed_in(world.rita)
    upload = SimpleUploadedFile("elever.csv", b"personnummer;fornamn;efternamn\n201001012383;Ada;Elev\n")
    body = client.post(reverse("interop:children_import"), {"file": upload}, follow=True).content.decode()
    assert "Rad 2: personnumret har fel kontrollsiffra" in body
    png = SimpleUploadedFile("elever.csv", b"\x89PNG\r\n\x1a\n\x00\x00")
    response = client.post(reverse("interop:children_import"), {"file": png})
    assert response.status_code == 400


def test_only_the_uploader_sees_an_import(world, signed_in):
    from lots.interop.tests.factories import ChildImportFactory

    job = ChildImportFactory(membership=world.membership(world.rita), previewed=True)
    assert signed_in(world.kim).get(reverse("interop:children_import")).status_code == 404
    assert signed_in(world.kim).get(reverse("interop:children_import_result", args=[job.pk])).status_code == 404
