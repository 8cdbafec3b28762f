"""Whom a client acts as: a member of staff of its own principal's agencies, and only there.
Making and revoking a token is an audit row."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from lots.api import services
from lots.api.models import ApiClient
from lots.api.tests.factories import ApiClientFactory, ApiTokenFactory
from lots.audit.models import Action, AuditEntry
from lots.organisations.tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator(world):
    """An administrator of Testby kommun who may manage API clients in the admin."""
    return factories.administrator(world.school_unit, Permission.objects.filter(content_type__app_label="api"))


def _new_client(client, world, *, acting_as, agencies):
    return client.post(
        reverse("admin:api_apiclient_add"),
        {
            "name": "Journalsystem",
            "principal": world.school.principal_id,
            "acting_as": acting_as.pk,
            "agencies": [a.pk for a in agencies],
            "scope": "read",
            "active": "on",
            "tokens-TOTAL_FORMS": "0",
            "tokens-INITIAL_FORMS": "0",
        },
    )


def test_a_client_acts_only_as_staff_of_the_agencies_it_is_given(world, client, administrator):
    client.force_login(administrator)
    for acting_as, agencies in [
        (world.bo, [world.school]),  # Bo works at the region's BUP, not at the school
        (world.kim, [world.school, world.bup]),  # BUP belongs to another principal
    ]:
        response = _new_client(client, world, acting_as=acting_as, agencies=agencies)
        assert response.status_code == 200 and response.context["adminform"].form.errors
    assert not ApiClient.objects.exists()
    assert _new_client(client, world, acting_as=world.kim, agencies=[world.school]).status_code == 302
    assert ApiClient.objects.get().acting_as == world.kim


def test_a_client_given_another_principals_agency_acts_in_no_role_there(world, client):
    """Made before the rule (or past the admin): Bo's BUP role is not reached through Testby's client."""
    api_client = ApiClientFactory(acting_as=world.bo, principal=world.school.principal, agencies=[world.bup])
    token = ApiTokenFactory(client=api_client)
    response = client.get(reverse("api:child", args=[world.elin.pk]), HTTP_AUTHORIZATION=f"Bearer {token.plaintext}")
    assert response.status_code == 403


def test_no_token_is_made_for_a_client_whose_person_has_left_its_agencies(world):
    api_client = ApiClientFactory(acting_as=world.kim)
    world.kim.memberships.update(valid_until="2000-01-01", valid_from="2000-01-01")
    with pytest.raises(services.ValidationError):
        services.issue_token(client=api_client, created_by=world.ada)
    assert not api_client.tokens.exists()


def test_making_and_revoking_tokens_writes_audit_rows(world, client, administrator):
    api_client = ApiClientFactory(acting_as=world.kim)
    client.force_login(administrator)
    client.post(
        reverse("admin:api_apiclient_changelist"), {"action": "issue_token", "_selected_action": [api_client.pk]}
    )
    token = api_client.tokens.get()
    made = AuditEntry.objects.get(record_type="api.apitoken", action=Action.CREATE)
    assert (made.user_id, made.record_id) == (administrator.pk, str(token.pk))
    assert made.detail == f"client {api_client.pk} acting as user {world.kim.pk}"
    client.post(reverse("admin:api_apitoken_changelist"), {"action": "revoke", "_selected_action": [token.pk]})
    revoked = AuditEntry.objects.get(record_type="api.apitoken", action=Action.CHANGE)
    assert revoked.user_id == administrator.pk
    client.post(reverse("admin:api_apiclient_changelist"), {"action": "revoke", "_selected_action": [api_client.pk]})
    assert AuditEntry.objects.filter(
        record_type="api.apiclient", action=Action.CHANGE, user_id=administrator.pk
    ).exists()
