import zlib

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from lots.access.tests.factories import ConsentFactory
from lots.documents import store
from lots.documents.models import Document
from lots.organisations.tests.factories import UserFactory

#: The smallest honest PDF: a header, one empty page, a trailer.
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _chunk(kind: bytes, body: bytes) -> bytes:
    return len(body).to_bytes(4, "big") + kind + body + zlib.crc32(kind + body).to_bytes(4, "big")


#: A 1x1 white PNG, built chunk by chunk.
MINIMAL_PNG = (
    b"\x89PNG\r\n\x1a\n"
    + _chunk(b"IHDR", (1).to_bytes(4, "big") * 2 + b"\x08\x02\x00\x00\x00")
    + _chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff"))
    + _chunk(b"IEND", b"")
)
#: A tiny JPEG (SOI, a comment, EOI): enough for the signature checks.
MINIMAL_JPEG = b"\xff\xd8\xff\xfe\x00\x08Lots\x00\x00\xff\xd9"


def upload(name: str = "samtycke.pdf", data: bytes = MINIMAL_PDF, content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, data, content_type=content_type)


class DocumentFactory(factory.django.DjangoModelFactory):
    """A stored PDF attached to a consent (the file is written to LOTS_DOCUMENTS_DIR)."""

    class Meta:
        model = Document

    class Params:
        consent = factory.SubFactory(ConsentFactory)

    owner_type = "access.consent"
    owner_id = factory.LazyAttribute(lambda o: o.consent.pk)
    child = factory.LazyAttribute(lambda o: o.consent.child)
    agency = factory.LazyAttribute(lambda o: o.consent.recorded_in)
    name = "samtycke.pdf"
    content_type = "application/pdf"
    size = len(MINIMAL_PDF)
    sha256 = "0" * 64
    storage_name = factory.LazyFunction(lambda: store.save(MINIMAL_PDF))
    uploaded_by = factory.SubFactory(UserFactory)
