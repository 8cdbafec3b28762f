"""Scanned consent forms: uploaded on the consent page, stored outside the web root under random
names, served only through the policy, every read logged."""

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from lots.access.tests.factories import ConsentFactory
from lots.audit.models import AuditEntry
from lots.core.testing import queries_of
from lots.documents import services, store
from lots.documents.models import Document
from lots.documents.tests.factories import MINIMAL_PDF, MINIMAL_PNG, DocumentFactory, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def consent(world):
    return ConsentFactory(child=world.elin, recorded_in=world.school, agencies=[world.school, world.bup])


def test_an_upload_is_stored_outside_the_web_root_under_a_random_name(world, consent):
    document = services.attach(
        actor=world.actor(world.kim), record=consent, upload=upload("../Samtycke Elin.pdf", MINIMAL_PDF)
    )
    path = store.path_of(document.storage_name)
    assert path.read_bytes() == MINIMAL_PDF
    assert "Elin" not in str(path) and len(document.storage_name) == 48
    assert not str(path).startswith(str(settings.STATIC_ROOT))
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert document.name == "Samtycke Elin.pdf" and document.agency == world.school and document.child == world.elin
    assert AuditEntry.objects.filter(record_type="documents.document", action="create", user_id=world.kim.pk).exists()


def test_the_declared_type_and_name_are_not_trusted(world, consent):
    document = services.attach(
        actor=world.actor(world.kim),
        record=consent,
        upload=upload("bild.pdf", MINIMAL_PNG, content_type="application/pdf"),
    )
    assert document.content_type == "image/png" and document.name == "bild.png"


def test_only_staff_who_may_change_the_consent_upload(world, consent):
    with pytest.raises(PermissionDenied):
        services.attach(actor=world.actor(world.bo), record=consent, upload=upload())  # sees it by being named
    assert not Document.objects.exists()


def test_a_refused_file_leaves_nothing_behind(world, consent, tmp_path):
    with pytest.raises(ValidationError):
        services.attach(actor=world.actor(world.kim), record=consent, upload=upload("x.pdf", b"<html></html>"))
    assert not Document.objects.exists()
    root = settings.LOTS_DOCUMENTS_DIR
    assert not root.exists() or not [p for p in root.rglob("*") if p.is_file()]


def test_a_too_large_file_is_refused_with_the_limit_in_the_message(world, consent, settings):
    settings.LOTS_DOCUMENT_MAX_BYTES = 1024 * 1024
    big = MINIMAL_PDF[:-6] + b" " * (1024 * 1024) + b"%%EOF\n"
    with pytest.raises(ValidationError, match="1 MB"):
        services.attach(actor=world.actor(world.kim), record=consent, upload=upload("stor.pdf", big))


def test_the_consent_page_offers_the_upload_and_lists_the_documents(world, consent, client):
    client.force_login(world.kim)
    response = client.post(
        reverse("documents:upload", args=["samtycke", consent.pk]), {"file": upload("skannat.pdf")}, follow=True
    )
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("access:consent", args=[consent.pk])
    assert 'enctype="multipart/form-data"' in page and "skannat.pdf" in page
    assert "Dokumentet är uppladdat" in page


def test_a_refused_upload_says_why_on_the_consent_page(world, consent, client):
    client.force_login(world.kim)
    response = client.post(
        reverse("documents:upload", args=["samtycke", consent.pk]),
        {"file": upload("virus.pdf", b"MZ\x90\x00 not a pdf")},
        follow=True,
    )
    assert "Endast PDF, PNG och JPEG" in response.content.decode()
    assert not Document.objects.exists()


def test_the_consent_page_shows_no_upload_to_those_who_only_read(world, consent, client):
    client.force_login(world.bo)
    page = client.get(reverse("access:consent", args=[consent.pk])).content.decode()
    assert 'enctype="multipart/form-data"' not in page


@pytest.mark.parametrize(
    ("viewer", "status"),
    [("kim", 200), ("rita", 200), ("bo", 200), ("tor", 404), ("berit", 404), ("sam", 404), ("ada", 404)],
)
def test_a_document_is_read_on_the_same_ground_as_its_consent(world, consent, client, viewer, status):
    document = services.attach(actor=world.actor(world.kim), record=consent, upload=upload())
    user = getattr(world, viewer)
    client.force_login(user)
    response = client.get(reverse("documents:download", args=[document.pk]))
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == MINIMAL_PDF
        assert response["Content-Disposition"] == 'attachment; filename="samtycke.pdf"'
        row = AuditEntry.objects.get(record_type="documents.document", action="export", user_id=user.pk)
        assert row.record_id == str(document.pk) and row.child_id == world.elin.pk and row.ground
    else:
        assert AuditEntry.objects.filter(action="denied", user_id=user.pk).exists()


def test_a_withdrawn_consent_still_shows_its_documents_to_those_who_know_the_child(world, consent, client):
    from lots.access import services as access

    document = services.attach(actor=world.actor(world.kim), record=consent, upload=upload())
    access.withdraw_consent(actor=world.actor(world.kim), consent=consent, withdrawn_by_name="Gun Berg")
    client.force_login(world.kim)
    assert client.get(reverse("documents:download", args=[document.pk])).status_code == 200


def test_a_non_ascii_name_is_given_in_both_forms(world, consent, client):
    document = services.attach(actor=world.actor(world.kim), record=consent, upload=upload("Samtycke Åsa.pdf"))
    client.force_login(world.kim)
    disposition = client.get(reverse("documents:download", args=[document.pk]))["Content-Disposition"]
    assert disposition == "attachment; filename*=utf-8''Samtycke%20%C3%85sa.pdf"


def test_an_unknown_document_is_a_logged_404(world, client):
    import uuid

    client.force_login(world.kim)
    assert client.get(reverse("documents:download", args=[uuid.uuid4()])).status_code == 404
    assert AuditEntry.objects.filter(action="denied", record_type="documents.document").count() == 1


def test_the_consent_page_costs_the_same_with_one_or_many_documents(world, consent, client):
    client.force_login(world.kim)
    url = reverse("access:consent", args=[consent.pk])
    DocumentFactory(consent=consent)
    client.get(url)
    one = len(queries_of(lambda: client.get(url)))
    for _ in range(4):
        DocumentFactory(consent=consent)
    assert len(queries_of(lambda: client.get(url))) == one


def test_removing_a_document_removes_the_file_after_the_commit(world, consent, django_capture_on_commit_callbacks):
    document = services.attach(actor=world.actor(world.kim), record=consent, upload=upload())
    path = store.path_of(document.storage_name)
    with django_capture_on_commit_callbacks(execute=True):
        services.remove(actor=world.actor(world.kim), document=document)
    assert not path.exists() and not Document.objects.exists()
    assert AuditEntry.objects.filter(record_type="documents.document", action="delete").exists()


def _files_on_disk() -> list:
    root = settings.LOTS_DOCUMENTS_DIR
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_nothing_is_uploaded_under_a_withdrawn_consent(world, consent, client):
    """Issue 19: the consent the sharing stands on is withdrawn (its plan paused): no file, no row."""
    from lots.access import services as access

    access.withdraw_consent(actor=world.actor(world.kim), consent=consent, withdrawn_by_name="Gun Berg")
    with pytest.raises(ValidationError, match="Samtycket har återkallats"):
        services.attach(actor=world.actor(world.kim), record=consent, upload=upload())
    client.force_login(world.kim)
    page = client.get(reverse("access:consent", args=[consent.pk])).content.decode()
    assert 'enctype="multipart/form-data"' not in page, "not offered"
    response = client.post(
        reverse("documents:upload", args=["samtycke", consent.pk]), {"file": upload("skannat.pdf")}, follow=True
    )
    assert "Samtycket har återkallats; registrera ett nytt." in response.content.decode()
    assert not Document.objects.exists() and _files_on_disk() == []
    assert not AuditEntry.objects.filter(record_type="documents.document").exists()


def test_a_consent_withdrawn_while_the_file_was_stored_keeps_nothing(world, consent, monkeypatch):
    """The withdrawal lands between the first check and the row: the check under the lock refuses,
    and the stored file is removed."""
    from lots.access import services as access

    save = store.save

    def save_then_withdrawn(data):
        name = save(data)
        access.withdraw_consent(actor=world.actor(world.kim), consent=consent, withdrawn_by_name="Gun Berg")
        return name

    monkeypatch.setattr(store, "save", save_then_withdrawn)
    with pytest.raises(ValidationError):
        services.attach(actor=world.actor(world.kim), record=consent, upload=upload())
    assert not Document.objects.exists() and _files_on_disk() == []
