"""Files are judged by their bytes: PDF, PNG, JPEG only; polyglots and active content refused."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from lots.documents import content
from lots.documents.names import sanitise
from lots.documents.tests.factories import MINIMAL_JPEG, MINIMAL_PDF, MINIMAL_PNG

LIMIT = 10 * 1024 * 1024


@pytest.mark.parametrize(
    ("data", "kind"), [(MINIMAL_PDF, content.PDF), (MINIMAL_PNG, content.PNG), (MINIMAL_JPEG, content.JPEG)]
)
def test_the_three_accepted_kinds(data, kind):
    assert content.check(data, max_bytes=LIMIT).content_type == kind


REFUSED = {
    "empty": b"",
    "html": b"<!DOCTYPE html><html><script>alert(1)</script></html>",
    "svg": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    "gif": b"GIF89a\x01\x00\x01\x00\x00\x00\x00;",
    "zip": b"PK\x03\x04" + b"\x00" * 40,
    "exe": b"MZ\x90\x00" + b"\x00" * 60,
    "text": "Samtycke från vårdnadshavare".encode(),
    "pdf-with-javascript": MINIMAL_PDF.replace(
        b"/Type/Catalog", b"/Type/Catalog/OpenAction<</S/JavaScript/JS(app.alert(1))>>"
    ),
    "pdf-with-hidden-javascript": MINIMAL_PDF.replace(b"/Type/Catalog", b"/Type/Catalog/AA<</O<</S/J#61vaScript>>>>"),
    "pdf-with-launch": MINIMAL_PDF.replace(b"/Type/Catalog", b"/Type/Catalog/OpenAction<</S/Launch/F(cmd.exe)>>"),
    "pdf-with-embedded-file": MINIMAL_PDF.replace(b"/Type/Catalog", b"/Type/Catalog/Names<</EmbeddedFiles 9 0 R>>"),
    "pdf-then-zip": MINIMAL_PDF + b"PK\x03\x04" + b"\x00" * 30,
    "pdf-then-html": MINIMAL_PDF + b"<html><script>alert(1)</script></html>",
    "pdf-without-end": MINIMAL_PDF.replace(b"%%EOF", b""),
    "pdf-fake-header": b"%PDF-X\n%%EOF",
    "png-then-html": MINIMAL_PNG + b"<html><script>alert(1)</script></html>",
    "png-then-pdf": MINIMAL_PNG + MINIMAL_PDF,
    "png-truncated": MINIMAL_PNG[:-12],
    "png-with-script-in-text-chunk": MINIMAL_PNG[:33] + b"\x00\x00\x00\x10tEXt<script>x</script>" + MINIMAL_PNG[33:],
    "jpeg-then-zip": MINIMAL_JPEG + b"PK\x03\x04" + b"\x00" * 30,
    "jpeg-with-pdf-inside": MINIMAL_JPEG[:-2] + MINIMAL_PDF + b"\xff\xd9",
    "jpeg-truncated": MINIMAL_JPEG[:-2],
    "html-named-pdf": b"<html><body>%PDF-1.4</body></html>",
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refused_with_a_swedish_message(name):
    with pytest.raises(ValidationError) as refused:
        content.check(REFUSED[name], max_bytes=LIMIT)
    message = refused.value.message_dict["file"][0]
    assert message and message[0].isupper()


def test_too_large_is_refused_before_anything_else():
    with pytest.raises(ValidationError, match="för stor"):
        content.check(MINIMAL_PDF + b" " * 100, max_bytes=len(MINIMAL_PDF))


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2048))
def test_arbitrary_bytes_are_accepted_only_as_one_of_the_three_kinds(data):
    try:
        checked = content.check(data, max_bytes=LIMIT)
    except ValidationError:
        return
    assert checked.content_type in {content.PDF, content.PNG, content.JPEG}


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([MINIMAL_PDF, MINIMAL_PNG, MINIMAL_JPEG]), st.binary(min_size=1, max_size=256))
def test_anything_appended_to_a_good_file_that_changes_its_end_is_refused(good, tail):
    data = good + tail
    ends_like_its_kind = (
        (good is MINIMAL_PNG and data.endswith(b"IEND\xaeB`\x82"))
        or (good is MINIMAL_JPEG and data.rstrip(b"\x00").endswith(b"\xff\xd9"))
        or (good is MINIMAL_PDF and not data[data.rfind(b"%%EOF") + 5 :].strip(b"\r\n\t \x00"))
    )
    if ends_like_its_kind:
        return
    with pytest.raises(ValidationError):
        content.check(data, max_bytes=LIMIT)


@pytest.mark.parametrize(
    ("given_name", "extension", "expected"),
    [
        ("samtycke.pdf", "pdf", "samtycke.pdf"),
        ("../../etc/passwd", "pdf", "passwd.pdf"),
        ("C:\\Users\\x\\Skannat samtycke.PDF", "pdf", "Skannat samtycke.pdf"),
        ('<script>alert("x")</script>.pdf', "pdf", "script.pdf"),
        ("bild.png.exe", "png", "bild.png.png"),
        ("åäö vårdnadshavare.jpeg", "jpg", "åäö vårdnadshavare.jpg"),
        ("\x00\x1b[31m.pdf", "pdf", "31m.pdf"),
        ("", "png", "dokument.png"),
        ("...", "pdf", "dokument.pdf"),
        ("a" * 300 + ".pdf", "pdf", "a" * 100 + ".pdf"),
        ('x"; filename="evil.html', "pdf", "x__ filename__evil.pdf"),
    ],
)
def test_names_are_sanitised_and_take_the_extension_of_the_content(given_name, extension, expected):
    assert sanitise(given_name, extension=extension) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_name_becomes_a_plain_one(given_name):
    name = sanitise(given_name, extension="pdf")
    assert name.endswith(".pdf") and len(name) <= 104
    assert not set(name) & set("/\\<>\"'\n\r\t\x00;:*?|")
