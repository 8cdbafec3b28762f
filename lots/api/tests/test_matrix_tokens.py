"""The access matrix of the API (tests/access_matrix/api.py), called with bearer tokens instead of
a session: a system acting as a member of staff sees exactly what that person sees, and every
read it makes is logged under the client."""

import pytest
from django.urls import reverse

from lots.access.models import BreakGlass
from lots.audit.models import AuditEntry
from tests.access_matrix import api as api_rows
from tests.access_matrix.rows import VIEWERS
from tests.access_matrix.test_matrix import MODULES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("viewer", VIEWERS)
def test_a_client_sees_what_its_user_sees(world, client, bearer, viewer):
    made = {}
    for module in MODULES:
        if hasattr(module, "fixtures"):
            made.update(module.fixtures(world))
    user = getattr(world, viewer.rstrip("!"))
    if viewer == "tor":
        BreakGlass.objects.filter(user=user).delete()
    token = bearer(user)["token"]
    before = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    for name, row in api_rows.MATRIX.items():
        response = getattr(client, row.method)(
            reverse(name, args=row.args(world, made)), HTTP_AUTHORIZATION=f"Bearer {token.plaintext}"
        )
        expected = 200 if viewer in row.allowed else row.denied_status
        assert response.status_code == expected, f"{viewer} on {name}"
        if row.shows is not None:
            sees = row.sees if row.sees is not None else row.allowed
            assert (row.shows(world) in response.content.decode()) == (viewer in sees), f"{viewer} on {name}"
        assert world.saga.street_address not in response.content.decode() or viewer == "rita"
    logged = AuditEntry.objects.filter(pk__gt=before)
    assert set(logged.values_list("api_client_id", flat=True)) == {token.client_id}  # reads and denials
