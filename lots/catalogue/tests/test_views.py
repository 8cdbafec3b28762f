"""The catalogue's pages: public and cacheable, staff search, editing, import, suggestions."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lots.audit.models import AuditEntry
from lots.catalogue.models import Intervention
from lots.catalogue.tests.factories import (
    AgencyProfileFactory,
    ForumSeatFactory,
    InterventionFactory,
    NeedTagFactory,
)
from lots.core.testing import queries_of


@pytest.fixture
def parenting(db):
    return NeedTagFactory(
        slug="parenting", name="Föräldraskap", name_en="Parenting support", synonyms="föräldrastöd, parenting"
    )


@pytest.fixture
def evening(world, parenting):
    return InterventionFactory(
        agency=world.social,
        name="Föräldrastöd på kvällstid",
        name_en="Evening counselling for parents",
        summary="Kvällsrådgivning för föräldrar. Gratis, ingen ansökan.",
        summary_en="Evening counselling for parents. Free, no application.",
        how_to_get="Ring 031-390 06 31.",
        needs=[parenting],
    )


def test_the_public_finds_support_without_signing_in_and_caches_may_keep_it(client, evening):
    response = client.get(reverse("catalogue:public_search"), {"q": "föräldrastöd"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Föräldrastöd på kvällstid" in body and "Ingen ansökan behövs" in body
    assert "Träffar: Föräldraskap, ”föräldrastöd”" in body
    assert response["Cache-Control"] == "public, max-age=300"
    assert "csrfmiddlewaretoken" not in body and "csrftoken" not in response.cookies


def test_a_filter_changed_in_place_gets_only_the_results_and_caches_tell_the_two_apart(client, evening):
    """htmx asks for the fragment; the page and the fragment vary on HX-Request, so a cache that
    keeps the public page never serves one for the other."""
    url = reverse("catalogue:public_search")
    page = client.get(url, {"q": "föräldrastöd"})
    fragment = client.get(url, {"q": "föräldrastöd", "alder": "8"}, HTTP_HX_REQUEST="true")
    body = fragment.content.decode()
    assert "HX-Request" in page["Vary"] and "HX-Request" in fragment["Vary"]
    assert "<html" in page.content.decode() and "<html" not in body
    assert "Föräldrastöd på kvällstid" in body
    assert 'id="catalogue-announcement"' in body and 'hx-swap-oob="true"' in body and "1 träff, bäst först." in body
    nothing = client.get(url, {"q": "schack"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Inget passade" in nothing and "Föräldrastöd på kvällstid" not in nothing


def test_staff_filters_update_in_place_too(signed_in, world, evening):
    body = signed_in(world.kim).get(reverse("catalogue:search"), {"q": "föräldrastöd"}, HTTP_HX_REQUEST="true")
    assert "<html" not in body.content.decode() and "Föräldrastöd på kvällstid" in body.content.decode()


def test_the_public_page_in_english(client, evening):
    response = client.get(reverse("catalogue:public_search"), {"q": "parenting", "lang": "en"})
    body = response.content.decode()
    assert '<html lang="en">' in body
    assert "Evening counselling for parents" in body
    assert response["Content-Language"] == "en"
    entry = client.get(reverse("catalogue:public_entry", args=[evening.pk]), {"lang": "en"}).content.decode()
    assert "Free, no application." in entry and "How to get it" in entry


def test_an_unpublished_entry_is_not_public(client, world):
    hidden = InterventionFactory(agency=world.social, unpublished=True)
    assert client.get(reverse("catalogue:public_entry", args=[hidden.pk])).status_code == 404
    assert client.get(reverse("catalogue:public_entry", args=[hidden.pk + 1000])).status_code == 404


def test_signed_in_staff_get_no_store(signed_in, world, evening):
    response = signed_in(world.kim).get(reverse("catalogue:public_search"), {"q": "föräldrastöd"})
    assert response["Cache-Control"] == "no-store"


def test_public_pages_cost_the_same_for_any_number_of_entries(client, world, parenting):
    profile = AgencyProfileFactory(agency=world.social)
    ForumSeatFactory(profile=profile)
    InterventionFactory(agency=world.social, summary="Föräldrastöd.", needs=[parenting])
    search = reverse("catalogue:public_search")
    agency = reverse("catalogue:public_agency", args=[world.social.pk])
    few = [
        len(queries_of(lambda: client.get(search, {"q": "föräldrastöd"}))),
        len(queries_of(lambda: client.get(agency))),
    ]
    InterventionFactory.create_batch(12, agency=world.social, summary="Föräldrastöd.", needs=[parenting])
    assert [
        len(queries_of(lambda: client.get(search, {"q": "föräldrastöd"}))),
        len(queries_of(lambda: client.get(agency))),
    ] == few


def test_the_agency_profile_shows_forum_seats_only_to_staff(client, signed_in, world):
    profile = AgencyProfileFactory(agency=world.social, mission="Stöd och skydd för barn.")
    ForumSeatFactory(profile=profile, forum="BUS-gruppen", representative="Enhetschef mottagningen")
    url = reverse("catalogue:public_agency", args=[world.social.pk])
    public = client.get(url).content.decode()
    assert "Stöd och skydd för barn." in public and "Enhetschef mottagningen" not in public
    assert "Enhetschef mottagningen" in signed_in(world.kim).get(url).content.decode()


def test_staff_search_shows_unpublished_entries(signed_in, world):
    InterventionFactory(agency=world.social, name="Internt samråd om skolplikt", unpublished=True)
    body = signed_in(world.kim).get(reverse("catalogue:search"), {"q": "skolplikt"}).content.decode()
    assert "Internt samråd om skolplikt" in body and "Inte publik" in body


def test_an_editor_edits_and_a_stale_form_is_refused(signed_in, world, sam_edits):
    entry = InterventionFactory(agency=world.social, name="Samtalsgrupp")
    client = signed_in(world.sam)
    url = reverse("catalogue:edit", args=[entry.pk])
    assert client.get(url).status_code == 200
    form = {
        "name": "Samtalsgrupp för barn",
        "summary": "Grupp.",
        "access_route": "free",
        "age_min": 6,
        "age_max": 12,
        "languages": ["sv"],
        "active": "on",
        "version": entry.version,
    }
    assert client.post(url, form).status_code == 302
    stale = client.post(url, {**form, "name": "Något annat"})
    assert stale.status_code == 400
    assert "Någon annan ändrade insatsen" in stale.content.decode()
    assert Intervention.objects.get(pk=entry.pk).name == "Samtalsgrupp för barn"


def test_others_may_not_edit(signed_in, world):
    entry = InterventionFactory(agency=world.social)
    client = signed_in(world.kim)
    assert client.get(reverse("catalogue:edit", args=[entry.pk])).status_code == 403
    assert client.post(reverse("catalogue:review", args=[entry.pk]), {"version": 1}).status_code == 403
    assert client.get(reverse("catalogue:mine")).status_code == 403
    assert client.get(reverse("catalogue:import")).status_code == 403


def test_a_new_entry_from_the_form(signed_in, world, sam_edits, parenting):
    client = signed_in(world.sam)
    response = client.post(
        reverse("catalogue:new"),
        {
            "agency": world.social.pk,
            "name": "Nätverksmöte",
            "summary": "Alla samlas.",
            "access_route": "free",
            "age_min": 0,
            "age_max": 20,
            "needs": ["parenting"],
            "published": "on",
            "active": "on",
        },
    )
    entry = Intervention.objects.get(name="Nätverksmöte")
    assert response.status_code == 302 and response["Location"] == reverse("catalogue:entry", args=[entry.pk])
    assert entry.versions.get().changed_by == world.sam


def test_the_import_page_lists_every_bad_row(signed_in, world, sam_edits):
    content = "verksamhet;namn;beskrivning;vag_in\nSocialtjänst;A;Text;free\nOkänd;B;Text;free\n".encode()
    response = signed_in(world.sam).post(
        reverse("catalogue:import"), {"file": SimpleUploadedFile("fil.csv", content, content_type="text/csv")}
    )
    assert response.status_code == 400
    assert "Rad 3: verksamheten ”Okänd” finns inte" in response.content.decode()
    assert not Intervention.objects.exists()


def test_export_as_csv_and_excel(signed_in, world, evening):
    client = signed_in(world.kim)
    csv_response = client.get(reverse("catalogue:export"))
    assert csv_response["Content-Type"].startswith("text/csv")
    assert "Föräldrastöd på kvällstid" in csv_response.content.decode("utf-8-sig")
    xlsx = client.get(reverse("catalogue:export"), {"format": "xlsx"})
    from openpyxl import load_workbook

    assert load_workbook(io.BytesIO(xlsx.content)).active.cell(row=2, column=5).value == "Föräldrastöd på kvällstid"


def test_the_childs_page_offers_suggestions_and_links_the_agency(signed_in, world, evening):
    client = signed_in(world.sam)
    page = client.get(reverse("people:child", args=[world.elin.pk])).content.decode()
    assert "Föreslå insatser" in page
    assert reverse("catalogue:public_agency", args=[world.social.pk]) in page
    response = client.post(reverse("catalogue:suggest", args=[world.elin.pk]), {"behov": ["parenting"]})
    body = response.content.decode()
    assert "Föräldrastöd på kvällstid" in body and "13 år" in body
    assert AuditEntry.objects.filter(child_id=world.elin.pk, detail="catalogue_suggestions").exists()


def test_suggestions_for_a_child_one_may_not_see_are_a_404(signed_in, world, evening):
    response = signed_in(world.berit).post(reverse("catalogue:suggest", args=[world.elin.pk]), {"behov": ["parenting"]})
    assert response.status_code == 404


def test_suggestions_need_a_need(signed_in, world, evening):
    response = signed_in(world.sam).post(reverse("catalogue:suggest", args=[world.elin.pk]), {})
    assert response.status_code == 400 and "Välj minst ett behov." in response.content.decode()
