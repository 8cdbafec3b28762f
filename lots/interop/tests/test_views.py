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
