"""Bodies the API must refuse as problems (RFC 9457) without changing anything: JSON nested
deeper than anyone writes, and bodies larger than Lots accepts."""

import pytest
from django.test import Client
from django.urls import reverse

from lots.intake.models import ConcernReport

pytestmark = pytest.mark.django_db


def _headers(made):
    return {k: v for k, v in made.items() if k != "token"}


@pytest.mark.parametrize("opening", ["[", '{"a":'], ids=["lists", "objects"])
def test_deeply_nested_json_is_a_400_problem_in_swedish_and_changes_nothing(world, bearer, opening):
    closing = "]" if opening == "[" else "}"
    body = opening * 1000 + "1" + closing * 1000
    client = Client(raise_request_exception=False)
    response = client.generic(
        "POST", reverse("api:concern_reports"), body, content_type="application/json", **_headers(bearer(world.mona))
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"] == "https://lots.se/problems/validation"
    assert problem["detail"] == "JSON-dokumentet är nästlat för djupt (högst 32 nivåer)."
    assert not ConcernReport.objects.exists()


def test_nesting_within_the_limit_is_read_as_usual(world, bearer):
    """32 levels are parsed and judged by the serializer (a 400 naming fields, not the depth)."""
    body = '{"a":' * 31 + "1" + "}" * 31
    response = Client().generic(
        "POST", reverse("api:concern_reports"), body, content_type="application/json", **_headers(bearer(world.mona))
    )
    assert response.status_code == 400
    assert response.json()["errors"], "the serializer judged it field by field"


def test_deeply_nested_fhir_is_a_400_problem(world, bearer):
    body = "[" * 1000 + "]" * 1000
    client = Client(raise_request_exception=False)
    response = client.generic(
        "POST",
        reverse("api:sip_fhir", args=[1]),
        body,
        content_type="application/fhir+json",
        **_headers(bearer(world.kim)),
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_a_body_too_large_for_the_api_is_a_413_problem(world, bearer):
    client = Client()
    body = '{"observed": "' + "x" * 3_000_000 + '"}'
    response = client.generic(
        "POST",
        reverse("api:concern_reports"),
        body,
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="sv",
        **_headers(bearer(world.mona)),
    )
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 413
    assert problem["type"] == "https://lots.se/problems/too-large"
    assert problem["title"] == "Anropet är för stort"
    assert problem["instance"] == reverse("api:concern_reports")
    assert not ConcernReport.objects.exists()


def test_a_body_too_large_is_a_413_problem_in_english_when_asked(world, bearer):
    client = Client(raise_request_exception=False)
    response = client.generic(
        "POST",
        reverse("api:child_search"),
        "x" * 3_000_000,
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
        **_headers(bearer(world.kim)),
    )
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["title"] == "The request is too large"


def test_pages_still_get_the_html_413(world):
    client = Client(raise_request_exception=False)
    client.force_login(world.kim)
    response = client.post(reverse("people:search"), {"q": "x" * 3_000_000})
    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")


def test_a_body_that_is_not_json_is_a_400_problem_saying_so(world, bearer):
    response = Client().generic(
        "POST",
        reverse("api:concern_reports"),
        "{'observed':",
        content_type="application/json",
        **_headers(bearer(world.mona)),
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "Innehållet är inte giltig JSON."
