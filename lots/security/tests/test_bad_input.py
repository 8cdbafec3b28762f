"""Bad input against every form of the foundation: never a server error, never a half-save,
every refusal a clear message. Figures for docs/reliability.md come from these counts."""

import datetime as dt
import string

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lots.access.models import BreakGlass, Consent
from lots.access.tests.factories import ConsentFactory
from lots.people.identity import make_identity_number, parse_identity_number

pytestmark = pytest.mark.django_db
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

#: Text that breaks naive code: markup, SQL, template syntax, control and odd Unicode characters.
NASTY_TEXT = st.one_of(
    st.text(max_size=400),
    st.text(alphabet=string.printable, max_size=400),
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            "'; DROP TABLE people_child; --",
            "{{ settings.SECRET_KEY }}{% debug %}",
            "\u202e\u0000\ufeff",
            "Å" * 5000,
            "%00%0d%0a",
            "😀" * 300,
        ]
    ),
)


# Identity numbers in every wrong form ---------------------------------------------------------

GOOD = make_identity_number(dt.date(2013, 3, 1), 982)  # 201303019820

WRONG_FORMS = {
    "empty": "",
    "spaces": "   ",
    "too short": "2013030",
    "too long": GOOD + "1",
    "letters": "2013O3019820",
    "wrong check digit": GOOD[:-1] + str((int(GOOD[-1]) + 1) % 10),
    "thirtieth of February": make_identity_number(dt.date(2013, 2, 28), 982).replace("0228", "0230"),
    "future": make_identity_number(dt.date.today() + dt.timedelta(days=400), 982),
    "plus with 12 digits": GOOD[:8] + "+" + GOOD[8:],
    "two separators": GOOD[2:8] + "--" + GOOD[8:],
    "separator in the wrong place": GOOD[:6] + "-" + GOOD[6:],
    "arabic-indic digits": "".join(chr(0x660 + int(c)) for c in GOOD),
    "embedded newline": GOOD[:8] + "\n" + GOOD[8:],
    "sql": "201303019820' OR '1'='1",
    "markup": "<b>201303019820</b>",
    "null byte": GOOD + "\x00",
}


@pytest.mark.parametrize("name", sorted(WRONG_FORMS))
def test_identity_numbers_in_every_wrong_form_are_refused_in_swedish(name):
    with pytest.raises(ValidationError) as refused:
        parse_identity_number(WRONG_FORMS[name])
    message = refused.value.messages[0]
    assert any(word in message.lower() for word in ("personnum", "siffr", "datum", "tecken")), message


@pytest.mark.parametrize(
    "written",
    [
        GOOD,
        GOOD[2:],
        GOOD[:8] + "-" + GOOD[8:],
        GOOD[2:8] + "-" + GOOD[8:],
        GOOD[2:8] + "\u2013" + GOOD[8:],
        "".join(chr(0xFF10 + int(c)) for c in GOOD),
    ],
)
def test_the_usual_written_forms_are_accepted_and_stored_as_ascii_digits(written):
    assert parse_identity_number(written).digits == GOOD


@settings(max_examples=1000, deadline=None)
@given(st.text(max_size=30))
def test_any_text_is_a_valid_number_of_ascii_digits_or_a_swedish_refusal(text):
    try:
        number = parse_identity_number(text)
    except ValidationError as refused:
        assert refused.messages and refused.messages[0]
    else:
        assert number.digits.isascii() and number.digits.isdigit() and len(number.digits) == 12


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2025, 12, 31)), st.integers(0, 999), st.booleans())
def test_every_number_we_make_is_accepted_and_read_back(born, serial, samordning):
    digits = make_identity_number(born, serial, samordning=samordning)
    parsed = parse_identity_number(digits)
    assert parsed.digits == digits and parsed.birth_date == born


# Every form of the foundation, fuzzed through the real views ----------------------------------


def signed_in(user) -> Client:
    client = Client(raise_request_exception=True)
    client.force_login(user)
    return client


def test_search_never_fails_and_never_echoes_markup(world):
    client = signed_in(world.kim)

    @FUZZ
    @given(NASTY_TEXT)
    def search(q):
        response = client.post(reverse("people:search"), {"q": q})
        assert response.status_code == 200
        assert "<script>alert(1)</script>" not in response.content.decode()

    search()


def test_break_the_glass_never_fails_and_saves_only_with_a_valid_number(world):
    client = signed_in(world.tor)
    before = BreakGlass.objects.count()

    @FUZZ
    @given(st.one_of(NASTY_TEXT, st.sampled_from(list(WRONG_FORMS.values()))), NASTY_TEXT)
    def break_glass(number, reason):
        response = client.post(reverse("access:break_glass"), {"identity_number": number, "reason": reason})
        assert response.status_code in (302, 400)

    break_glass()
    assert BreakGlass.objects.count() == before, "no valid number of a child was given"


def test_the_consent_form_never_fails_and_stores_text_as_text(world):
    client = signed_in(world.kim)
    url = reverse("access:consent_new", args=[world.elin.pk])

    @FUZZ
    @given(
        purpose=st.one_of(st.sampled_from(["sip", "family_coordination", "named_exchange"]), NASTY_TEXT),
        purpose_text=NASTY_TEXT,
        agencies=st.lists(st.one_of(st.integers(-5, 10**12).map(str), NASTY_TEXT), max_size=4),
        kinds=st.lists(st.one_of(st.integers(-5, 2**40).map(str), NASTY_TEXT), max_size=4),
        valid_until=st.one_of(st.just(""), NASTY_TEXT, st.dates().map(str)),
        ground=NASTY_TEXT,
        child_view=NASTY_TEXT,
    )
    def consent(purpose, purpose_text, agencies, kinds, valid_until, ground, child_view):
        count = Consent.objects.count()
        response = client.post(
            url,
            {
                "purpose": purpose,
                "purpose_text": purpose_text,
                "agencies": agencies or [world.school.pk, world.bup.pk],
                "information_kinds": kinds or ["1"],
                "form": "in_meeting",
                "valid_until": valid_until,
                "guardians": [world.gun.pk, world.gert.pk],
                "single_guardian_ground": ground,
                "child_view": child_view,
            },
        )
        assert response.status_code in (302, 400)
        if response.status_code == 400:
            assert Consent.objects.count() == count, "a refused form saves nothing"
            assert 'class="errorlist' in response.content.decode(), "the refusal is shown"
        else:
            saved = Consent.objects.latest("pk")
            assert saved.purpose_text == purpose_text.strip() or saved.purpose_text == purpose_text

    consent()


def test_answers_and_withdrawals_never_fail(world):
    client = signed_in(world.kim)

    @FUZZ
    @given(NASTY_TEXT, NASTY_TEXT, st.sampled_from(["add_party", "withdraw"]), st.one_of(NASTY_TEXT, st.just("1")))
    def answer(words, name, action, agrees):
        consent = ConsentFactory(child=world.elin, recorded_in=world.school, agencies=[world.school, world.bup])
        response = client.post(
            reverse("access:consent", args=[consent.pk]),
            {action: "1", "guardian": "", "agrees": agrees, "view_in_words": words, "withdrawn_by_name": name},
        )
        assert response.status_code in (302, 400)

    answer()


def test_log_review_never_fails(world):
    client = signed_in(world.ada)

    @FUZZ
    @given(
        st.one_of(NASTY_TEXT, st.sampled_from([*WRONG_FORMS.values(), GOOD])),
        NASTY_TEXT,
        st.one_of(NASTY_TEXT, st.dates().map(str)),
        st.one_of(NASTY_TEXT, st.dates().map(str)),
    )
    def review(number, username, since, until):
        response = client.post(
            reverse("audit:review"), {"identity_number": number, "username": username, "since": since, "until": until}
        )
        assert response.status_code == 200
        flagged = client.get(reverse("audit:flagged"), {"since": since, "until": until})
        assert flagged.status_code == 200

    review()


def test_sign_in_never_fails(world):
    @settings(FUZZ, max_examples=15)  # each try runs the Argon2 hasher, on purpose slow
    @given(NASTY_TEXT, NASTY_TEXT)
    def sign_in(username, password):
        response = Client().post(reverse("login"), {"username": username, "password": password})
        assert response.status_code in (200, 429)

    sign_in()


def test_the_one_time_code_never_fails(world):
    client = signed_in(world.kim)

    @FUZZ
    @given(NASTY_TEXT)
    def code(value):
        assert client.post(reverse("otp_verify"), {"code": value}).status_code == 200

    code()


# Bodies that are too large, malformed or not UTF-8 -----------------------------------------------


def test_an_oversized_form_is_refused_with_a_clear_page_and_saves_nothing(world):
    client = Client(raise_request_exception=False)
    client.force_login(world.kim)
    response = client.post(
        reverse("access:consent_new", args=[world.elin.pk]),
        {"purpose": "sip", "purpose_text": "x" * 3_000_000},
    )
    assert response.status_code == 413
    assert "större än Lots tar emot" in response.content.decode()
    assert not Consent.objects.exists()


def test_too_many_fields_are_refused(world):
    client = Client(raise_request_exception=False)
    client.force_login(world.kim)
    response = client.post(reverse("people:search"), {f"f{i}": "x" for i in range(1500)})
    assert response.status_code == 413


def test_a_file_over_the_limit_is_refused_with_the_limit(world, settings):
    from lots.documents.tests.factories import MINIMAL_PDF, upload

    settings.LOTS_DOCUMENT_MAX_BYTES = 2 * 1024 * 1024
    consent = ConsentFactory(child=world.elin, recorded_in=world.school)
    client = signed_in(world.kim)
    big = MINIMAL_PDF[:-6] + b" " * (3 * 1024 * 1024) + b"%%EOF\n"
    response = client.post(
        reverse("documents:upload", args=["samtycke", consent.pk]), {"file": upload("stor.pdf", big)}, follow=True
    )
    assert "för stor: högst 2 MB" in response.content.decode()


@pytest.mark.parametrize(
    "body",
    [b"q=%FF%FE%FD", b"q=\xff\xfe\xc3\x28", b"q=" + b"\xed\xa0\x80" * 10, b"\xff\xff\xff\xff"],
    ids=["percent-encoded", "raw", "surrogates", "garbage"],
)
def test_invalid_utf8_is_refused_or_read_safely_never_a_server_error(world, body):
    client = Client(raise_request_exception=False)
    client.force_login(world.kim)
    response = client.generic("POST", reverse("people:search"), body, content_type="application/x-www-form-urlencoded")
    assert response.status_code in (200, 400)


def test_a_malformed_multipart_body_is_a_400_not_a_500(world):
    client = Client(raise_request_exception=False)
    client.force_login(world.kim)
    response = client.generic(
        "POST",
        reverse("documents:upload", args=["samtycke", 1]),
        b'--broken\r\nContent-Disposition: form-data; name="file"\r\n\r\nno end',
        content_type="multipart/form-data; boundary=other",
    )
    assert response.status_code in (302, 400, 404)


def test_a_csrf_failure_explains_in_swedish(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "kim", "password": "x"})
    assert response.status_code == 403 and "Formuläret har gått ut" in response.content.decode()


def test_a_missing_page_says_so_in_swedish_without_telling_whether_it_exists(world):
    client = signed_in(world.tor)
    hidden = client.get(reverse("people:child", args=[world.elin.pk]))
    missing = client.get(reverse("people:child", args=[10**9]))
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content, "not a byte tells them apart"
    assert "Här finns inget som du får se" in missing.content.decode()
