"""Every interface string has its Swedish: the interface is Swedish by default."""

from pathlib import Path

import polib
import pytest

APPS = sorted(p.parent for p in (Path(__file__).resolve().parents[2]).glob("*/apps.py"))


@pytest.mark.parametrize("app", APPS, ids=lambda p: p.name)
def test_every_string_is_translated_to_swedish(app):
    path = app / "locale" / "sv" / "LC_MESSAGES" / "django.po"
    if not path.exists():
        pytest.skip(f"{app.name} has no interface strings")
    po = polib.pofile(str(path))
    missing = [e.msgid for e in po.untranslated_entries()] + [e.msgid for e in po.fuzzy_entries()]
    assert not missing, f"{app.name}: run `make translations` and translate {missing[:10]}"


@pytest.mark.django_db
def test_the_interface_is_swedish_unless_english_is_chosen(client):
    from django.conf import settings

    page = client.get("/konto/logga-in/", HTTP_ACCEPT_LANGUAGE="en-GB,en")
    assert page["Content-Language"] == "sv"
    assert "Logga in" in page.content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Sign in to Lots" in client.get("/konto/logga-in/").content.decode()


def test_a_string_reads_the_same_in_every_app():
    """The catalogues of all apps make one per process: a msgid that two apps translate
    differently shows one app's Swedish in the other's pages. Where the meaning differs, the
    string takes a context (`pgettext`, `{% translate "…" context "…" %}`)."""
    seen: dict[tuple, dict[str, set[str]]] = {}
    for app in APPS:
        path = app / "locale" / "sv" / "LC_MESSAGES" / "django.po"
        if path.exists():
            for e in polib.pofile(str(path)):
                text = e.msgstr or " | ".join(v for _, v in sorted(e.msgstr_plural.items()))
                seen.setdefault((e.msgctxt, e.msgid), {}).setdefault(text, set()).add(app.name)
    differing = {key[1]: wordings for key, wordings in seen.items() if len(wordings) > 1}
    assert not differing, differing


def test_swedish_quotes_are_swedish():
    """”…”, not «…» or “…”."""
    for app in APPS:
        path = app / "locale" / "sv" / "LC_MESSAGES" / "django.po"
        if path.exists():
            assert not [e.msgstr for e in polib.pofile(str(path)) if any(q in e.msgstr for q in "«»“")], app.name
