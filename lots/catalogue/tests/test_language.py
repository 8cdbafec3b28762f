"""The public "In English" holds: on the next search, on every page, at sign-in; needs read in
English where they have an English name."""

import pytest
from django.conf import settings
from django.urls import reverse

from lots.catalogue.tests.factories import NeedTagFactory

pytestmark = pytest.mark.django_db
COOKIE = settings.LANGUAGE_COOKIE_NAME


def test_english_chosen_on_the_public_catalogue_holds_on_the_next_search_and_at_sign_in(client):
    search = reverse("catalogue:public_search")
    chosen = client.get(search, {"lang": "en"})
    assert chosen.cookies[COOKIE].value == "en"
    assert "private" in chosen["Cache-Control"] and "public" not in chosen["Cache-Control"]  # it sets a cookie
    # A search, or any address without the choice: on to the English address.
    again = client.get(search, {"q": "parenting"})
    assert again.status_code == 302 and again["Location"] == f"{search}?q=parenting&lang=en"
    english = client.get(again["Location"])
    assert english["Content-Language"] == "en" and english["Cache-Control"] == "public, max-age=300"
    assert 'lang="sv" hreflang="sv"' in english.content.decode() and "lang=sv" in english.content.decode()
    assert "Sign in to Lots" in client.get(reverse("login")).content.decode()
    # "På svenska" sets Swedish again, everywhere.
    swedish = client.get(search, {"lang": "sv"})
    assert swedish.cookies[COOKIE].value == "sv" and swedish["Content-Language"] == "sv"
    assert client.get(search).status_code == 200
    assert "Logga in" in client.get(reverse("login")).content.decode()


def test_someone_who_never_chose_gets_swedish_pages_caches_may_keep(client):
    page = client.get(reverse("catalogue:public_search"))
    assert page["Content-Language"] == "sv" and page["Cache-Control"] == "public, max-age=300"
    assert COOKIE not in page.cookies
    # the same address sends one who chose English on, so a shared cache must not answer them with
    # this: the page asks whether the reader is signed in, and Django's sessions then vary on Cookie
    assert "Cookie" in page["Vary"]


def test_needs_read_in_english_on_staff_pages_and_in_swedish_without_an_english_name(world, signed_in):
    NeedTagFactory(slug="parenting", name="Föräldraskap", name_en="Parenting support")
    NeedTagFactory(slug="fritid", name="Fritid", name_en="")
    client = signed_in(world.kim)
    client.cookies[COOKIE] = "en"
    body = client.get(reverse("catalogue:suggest", args=[world.elin.pk])).content.decode()
    assert "Parenting support" in body and "Föräldraskap" not in body
    assert "Fritid" in body
