"""The area a search looks in: a municipality with its region, a region with its municipalities,
or the whole country. Staff search their own area unless they choose another; the public page
asks for the municipality where the child lives."""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from lots.catalogue import selectors
from lots.catalogue.tests.factories import InterventionFactory, NeedTagFactory
from lots.core.testing import queries_of
from lots.organisations.models import Agency, Principal
from lots.organisations.tests.factories import AgencyFactory, PrincipalFactory


@dataclass
class Country:
    """Testby kommun in Region Testland (the `world`), and Annanstad kommun in Region Annat.
    Each principal offers parenting support of its own."""

    testland: Principal
    testby: Principal
    annat: Principal
    annanstad: Principal
    names: dict[str, str]  # the entry's name by principal name


def _offer(principal: Principal, kind: str, need) -> str:
    agency = Agency.objects.filter(principal=principal, kind=kind).first() or AgencyFactory(
        principal=principal, kind=kind
    )
    name = f"Föräldrastöd i {principal.name}"
    InterventionFactory(agency=agency, name=name, summary="Föräldrastöd för familjer.", needs=[need])
    return name


@pytest.fixture
def parenting(db):
    return NeedTagFactory(slug="parenting", name="Föräldraskap", name_en="Parenting", synonyms="föräldrastöd")


@pytest.fixture
def country(world, parenting) -> Country:
    testby = world.school.principal
    testland = testby.region
    annat = PrincipalFactory(region_kind=True, name="Region Annat")
    annanstad = PrincipalFactory(name="Annanstad kommun", region=annat)
    names = {
        p.name: _offer(p, kind, parenting)
        for p, kind in [
            (testby, Agency.Kind.SOCIAL_SERVICES),
            (testland, Agency.Kind.HEALTH_CARE),
            (annanstad, Agency.Kind.SOCIAL_SERVICES),
            (annat, Agency.Kind.HEALTH_CARE),
        ]
    }
    return Country(testland=testland, testby=testby, annat=annat, annanstad=annanstad, names=names)


def _found(**criteria) -> set[str]:
    return {hit.intervention.name for hit in selectors.search(text="föräldrastöd", **criteria).hits}


def _offered_in(country: Country, *principals: Principal) -> set[str]:
    return {country.names[p.name] for p in principals}


# The filter ----------------------------------------------------------------------------------


def test_a_municipalitys_area_is_it_and_its_region(country):
    assert _found(principal_ids=selectors.area_of(country.testby)) == _offered_in(
        country, country.testby, country.testland
    )
    assert _found(principal_ids=selectors.area_of(country.annanstad), public=True) == _offered_in(
        country, country.annanstad, country.annat
    )


def test_a_regions_area_is_it_and_its_municipalities(country):
    among = selectors.principals()
    assert sorted(selectors.area_of(country.annat, among)) == sorted([country.annat.pk, country.annanstad.pk])
    for area in (selectors.area_of(country.annat), selectors.area_of(country.annat, among)):
        assert _found(principal_ids=area) == _offered_in(country, country.annat, country.annanstad)


def test_no_area_is_the_whole_country_and_an_empty_one_finds_nothing(country):
    assert _found() == _found(principal_ids=None) == set(country.names.values())
    assert _found(principal_ids=[]) == set()


def test_the_search_costs_the_same_queries_however_many_municipalities(country, parenting):
    def run():
        selectors.search(text="föräldrastöd", needs=["parenting"], principal_ids=selectors.area_of(country.annat))
        selectors.search(text="föräldrastöd", principal_ids=selectors.area_of(country.testby))

    few = len(queries_of(run))
    for n in range(12):
        town = PrincipalFactory(name=f"Nyköping {n}", region=country.annat)
        _offer(town, Agency.Kind.SCHOOL, parenting)
    assert len(queries_of(run)) == few
    assert len(_found(principal_ids=selectors.area_of(country.annat))) == 14


# Staff ---------------------------------------------------------------------------------------


def test_staff_search_their_own_area_by_default(signed_in, world, country):
    response = signed_in(world.sam).get(reverse("catalogue:search"), {"q": "föräldrastöd"})
    body = response.content.decode()
    assert response.status_code == 200
    assert country.names["Testby kommun"] in body and country.names["Region Testland"] in body
    assert country.names["Annanstad kommun"] not in body and country.names["Region Annat"] not in body
    assert '<label for="id_omrade">Område</label>' in body
    assert f'<option value="{country.testby.pk}" selected>Testby kommun</option>' in body
    assert '<option value="alla">Hela landet</option>' in body
    assert '<optgroup label="Regioner">' in body and '<optgroup label="Kommuner">' in body


def test_a_regions_staff_search_the_region_and_its_municipalities(signed_in, world, country):
    body = signed_in(world.bo).get(reverse("catalogue:search"), {"q": "föräldrastöd"}).content.decode()
    assert country.names["Testby kommun"] in body and country.names["Region Testland"] in body
    assert country.names["Annanstad kommun"] not in body
    assert f'<option value="{country.testland.pk}" selected>Region Testland</option>' in body


def test_staff_choose_another_area_or_the_whole_country(signed_in, world, country):
    client = signed_in(world.sam)
    url = reverse("catalogue:search")
    other = client.get(url, {"q": "föräldrastöd", "omrade": country.annanstad.pk}).content.decode()
    assert country.names["Annanstad kommun"] in other and country.names["Region Annat"] in other
    assert country.names["Testby kommun"] not in other
    everywhere = client.get(url, {"q": "föräldrastöd", "omrade": "alla"}).content.decode()
    assert all(name in everywhere for name in country.names.values())
    assert '<option value="alla" selected>Hela landet</option>' in everywhere


def test_the_agency_filter_lists_the_areas_agencies(signed_in, world, country):
    body = signed_in(world.sam).get(reverse("catalogue:search"), {"q": "föräldrastöd"}).content.decode()
    annanstad_agency = Agency.objects.get(principal=country.annanstad)
    assert f'<option value="{world.social.pk}"' in body
    assert f'<option value="{annanstad_agency.pk}"' not in body


def test_suggestions_for_a_child_come_from_the_staff_members_area(signed_in, world, country):
    response = signed_in(world.sam).post(reverse("catalogue:suggest", args=[world.elin.pk]), {"behov": ["parenting"]})
    body = response.content.decode()
    assert country.names["Testby kommun"] in body and country.names["Region Testland"] in body
    assert country.names["Annanstad kommun"] not in body
    assert "Från verksamheterna i Testby kommun och dess region." in body


def test_the_staff_page_costs_the_same_queries_however_many_municipalities(signed_in, world, country, parenting):
    client = signed_in(world.sam)
    url = reverse("catalogue:search")

    def run():
        client.get(url, {"q": "föräldrastöd"})
        client.get(url, {"q": "föräldrastöd", "omrade": country.annat.pk})

    run()  # the session's first request stores what it decides once
    few = len(queries_of(run))
    for n in range(12):
        _offer(PrincipalFactory(name=f"Nyby {n}", region=country.annat), Agency.Kind.SCHOOL, parenting)
    assert len(queries_of(run)) == few


# The public page -----------------------------------------------------------------------------


def test_the_public_chooses_a_municipality(client, country):
    url = reverse("catalogue:public_search")
    page = client.get(url).content.decode()
    assert '<label for="id_omrade">Kommun där barnet bor</label>' in page
    assert '<option value="" selected>Hela landet</option>' in page
    assert f'<option value="{country.annanstad.pk}">Annanstad kommun</option>' in page
    assert f'<option value="{country.annat.pk}"' not in page  # municipalities only: the region comes with one
    everywhere = client.get(url, {"q": "föräldrastöd"}).content.decode()
    assert all(name in everywhere for name in country.names.values())
    response = client.get(url, {"q": "föräldrastöd", "omrade": country.annanstad.pk})
    chosen = response.content.decode()
    assert country.names["Annanstad kommun"] in chosen and country.names["Region Annat"] in chosen
    assert country.names["Testby kommun"] not in chosen and country.names["Region Testland"] not in chosen
    assert f'<option value="{country.annanstad.pk}" selected>Annanstad kommun</option>' in chosen
    assert response["Cache-Control"] == "public, max-age=300"


def test_the_public_examples_keep_the_chosen_municipality(client, country):
    page = client.get(reverse("catalogue:public_search"), {"omrade": country.testby.pk}).content.decode()
    assert f"?q=f%C3%B6r%C3%A4ldrast%C3%B6d&amp;omrade={country.testby.pk}" in page


# Bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["999999", "abc", "-1", "1e3", "alla'--"])
def test_an_unknown_area_is_explained_and_the_default_searched(signed_in, client, world, country, value):
    staff = signed_in(world.sam).get(reverse("catalogue:search"), {"q": "föräldrastöd", "omrade": value})
    body = staff.content.decode()
    assert staff.status_code == 200 and 'aria-invalid="true"' in body
    assert "Det finns ingen kommun eller region med det numret." in body
    assert country.names["Testby kommun"] in body and country.names["Annanstad kommun"] not in body
    client.logout()
    public = client.get(reverse("catalogue:public_search"), {"q": "föräldrastöd", "omrade": value})
    message = "Det finns ingen kommun med det numret. Välj en i listan."
    assert public.status_code == 200 and message in public.content.decode()
    assert country.names["Annanstad kommun"] in public.content.decode()


def test_a_region_is_not_a_choice_on_the_public_page(client, country):
    response = client.get(reverse("catalogue:public_search"), {"q": "föräldrastöd", "omrade": country.annat.pk})
    assert response.status_code == 200
    assert "Det finns ingen kommun med det numret." in response.content.decode()


def test_an_agency_of_another_area_is_ignored_not_an_empty_page(signed_in, world, country):
    annanstad_agency = Agency.objects.get(principal=country.annanstad)
    body = (
        signed_in(world.sam)
        .get(reverse("catalogue:search"), {"q": "föräldrastöd", "verksamhet": annanstad_agency.pk})
        .content.decode()
    )
    assert country.names["Testby kommun"] in body
