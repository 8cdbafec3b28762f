"""One error shape (RFC 9457) in Swedish and English; 404 for forbidden and missing alike; 429."""

import pytest
from django.urls import reverse

from lots.intake.models import GuardiansInformed, Violence

pytestmark = pytest.mark.django_db

PROBLEM_KEYS = {"type", "title", "status", "detail", "instance"}


def _headers(made):
    return {k: v for k, v in made.items() if k != "token"}


@pytest.mark.parametrize(
    ("language", "title", "message"),
    [
        ("sv", "Anropet innehåller fel", "Fältet måste fyllas i."),
        ("en-GB,en;q=0.9", "The request is not valid", "This field is required."),
    ],
)
def test_validation_problems_name_the_field_in_the_callers_language(world, client, bearer, language, title, message):
    response = client.post(
        reverse("api:concern_reports"),
        {"observed": "Något"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE=language,
        **_headers(bearer(world.mona)),
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert set(body) >= PROBLEM_KEYS
    assert body["title"] == title
    assert body["status"] == 400
    assert body["instance"] == reverse("api:concern_reports")
    assert {"field": "observed_on", "message": message} in body["errors"]


def test_a_services_validation_error_names_the_field(world, client, bearer):
    """The form is whole, but the service refuses (a day in the future): 400 naming observed_on."""
    from django.utils import timezone

    response = client.post(
        reverse("api:concern_reports"),
        {
            "receiving_agency": world.social.pk,
            "observed": "Noah säger att han inte vill gå hem.",
            "observed_on": (timezone.localdate() + __import__("datetime").timedelta(days=3)).isoformat(),
            "violence": Violence.NONE,
            "guardians_informed": GuardiansInformed.YES,
            "child_name": "Noah",
            "reporter_name": "Mona Mentorsson",
            "reporter_email": "mona@example.org",
        },
        content_type="application/json",
        **_headers(bearer(world.mona)),
    )
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["observed_on"]


def test_forbidden_and_missing_answer_the_same(world, client, bearer):
    headers = _headers(bearer(world.berit))
    forbidden = client.get(reverse("api:child", args=[world.elin.pk]), **headers)
    missing = client.get(reverse("api:child", args=[987654]), **headers)
    assert forbidden.status_code == missing.status_code == 404
    assert {k: v for k, v in forbidden.json().items() if k != "instance"} == {
        k: v for k, v in missing.json().items() if k != "instance"
    }


def test_over_the_rate_limit_is_429_with_retry_after(world, client, bearer, settings):
    settings.LOTS_API_RATE = "3/min"
    headers = _headers(bearer(world.kim))
    statuses = [client.get(reverse("api:children"), **headers).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get(reverse("api:children"), **headers, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response.json()["title"] == "Too many requests"


def test_the_limit_is_per_client(world, client, bearer, settings):
    settings.LOTS_API_RATE = "1/min"
    first, second = _headers(bearer(world.kim)), _headers(bearer(world.kim))
    assert client.get(reverse("api:children"), **first).status_code == 200
    assert client.get(reverse("api:children"), **first).status_code == 429
    assert client.get(reverse("api:children"), **second).status_code == 200


def test_options_answers_405_on_every_call_the_contract_describes(world, client, bearer):
    from django.urls import get_resolver

    from lots.api.views.base import ApiView

    auth = {"HTTP_AUTHORIZATION": bearer(world.kim)["HTTP_AUTHORIZATION"]}
    answered = {}
    for pattern in get_resolver("lots.api.urls").url_patterns:
        view = getattr(pattern.callback, "cls", None)
        if view is None or not issubclass(view, ApiView):
            continue
        route = "/api/v1/" + str(pattern.pattern).replace("<int:pk>", "1").replace("<str:pk>", "1")
        answered[route] = client.options(route, **auth).status_code
    assert len(answered) > 20
    assert {route for route, status in answered.items() if status != 405} == set()
