"""Assignments through the API, for the agencies' own record systems, with the manager's rules
(issue 21): read a child's, assign, end; write scope; nothing across agencies."""

import pytest
from django.urls import reverse

from lots.access.models import Assignment
from lots.api.models import Scope

pytestmark = pytest.mark.django_db


def _h(made):
    return {k: v for k, v in made.items() if k != "token"}


def _post(client, name, data, headers, args=()):
    return client.post(reverse(name, args=args), data, content_type="application/json", **headers)


def test_a_units_record_system_assigns_and_ends_with_the_managers_rules(world, client, bearer):
    headers = _h(bearer(world.rita))
    made = _post(client, "api:assignments", {"child": world.elin.pk, "user": world.tor.pk, "reason": "mentor"}, headers)
    assert made.status_code == 201, made.content
    body = made.json()
    assert (body["user"], body["reason"], body["source"], body["ends_at"]) == (world.tor.pk, "mentor", "api", None)
    assignment = Assignment.objects.get(pk=body["id"])
    listed = client.get(reverse("api:child_assignments", args=[world.elin.pk]), **headers).json()
    assert body["id"] in [row["id"] for row in listed]
    ended = _post(client, "api:assignment_end", {"note": "Byte av mentor"}, headers, args=[assignment.pk])
    assert ended.status_code == 200 and ended.json()["end_reason"] == "by_hand"
    assignment.refresh_from_db()
    assert assignment.ends_at is not None and assignment.end_note == "Byte av mentor"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"reason": "sip_participant"}, "reason"),
        ({"user": "bo"}, "user"),  # another agency's staff
        ({"user": "kim"}, "user"),  # already works with Elin in the unit
    ],
)
def test_a_wrong_assignment_is_a_400_naming_the_field_and_nothing_is_saved(world, client, bearer, data, field):
    before = Assignment.objects.count()
    payload = {"child": world.elin.pk, "user": getattr(world, data.get("user", "tor")).pk, "reason": "mentor"}
    payload["reason"] = data.get("reason", "mentor")
    response = _post(client, "api:assignments", payload, _h(bearer(world.rita)))
    assert response.status_code == 400
    assert field in response.content.decode()
    assert Assignment.objects.count() == before


def test_a_read_only_token_does_not_assign(world, client, bearer):
    headers = _h(bearer(world.rita, scope=Scope.READ))
    response = _post(
        client, "api:assignments", {"child": world.elin.pk, "user": world.tor.pk, "reason": "mentor"}, headers
    )
    assert response.status_code == 403
    assert not Assignment.objects.filter(user=world.tor).exists()


def test_another_agency_cannot_end_the_schools_assignment(world, client, bearer):
    kims = Assignment.objects.get(user=world.kim, child=world.elin)
    response = _post(client, "api:assignment_end", {}, _h(bearer(world.berit)), args=[kims.pk])
    assert response.status_code == 404
    kims.refresh_from_db()
    assert kims.ends_at is None


def test_a_protected_childs_units_are_withheld_unless_cleared(world, client, bearer):
    url = reverse("api:child_assignments", args=[world.saga.pk])
    kim = client.get(url, **_h(bearer(world.kim))).json()
    assert kim and all(row["unit"] is None for row in kim)
    rita = client.get(url, **_h(bearer(world.rita))).json()
    assert {row["unit"] for row in rita} == {"Testskolan"}
