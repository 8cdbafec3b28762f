"""Nobody gains a right in the admin that Lots' roles do not give: no superuser, staff, group or
permission field on the staff page; no administrator changes their own account or roles."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from lots.organisations.models import Membership, User
from lots.organisations.roles import Role
from lots.organisations.tests import factories

pytestmark = pytest.mark.django_db

PRIVILEGE_FIELDS = {"is_superuser", "is_staff", "groups", "user_permissions"}


@pytest.fixture
def administrator(world):
    return factories.administrator(
        world.school_unit, Permission.objects.filter(content_type__app_label="organisations")
    )


def _change(client, user: User, **extra):
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "phone": "",
        "is_active": "on",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        **extra,
    }
    return client.post(reverse("admin:organisations_user_change", args=[user.pk]), data)


def test_the_staff_page_has_no_superuser_staff_group_or_permission_field(world, client, administrator):
    client.force_login(administrator)
    page = client.get(reverse("admin:organisations_user_change", args=[world.kim.pk]))
    assert PRIVILEGE_FIELDS.isdisjoint(page.context["adminform"].form.fields)
    add = client.get(reverse("admin:organisations_user_add"))
    assert PRIVILEGE_FIELDS.isdisjoint(add.context["adminform"].form.fields)
    permission = Permission.objects.get(codename="view_auditentry")
    response = _change(client, world.kim, is_superuser="on", is_staff="on", user_permissions=[permission.pk])
    assert response.status_code == 302
    world.kim.refresh_from_db()
    assert not world.kim.is_superuser and not world.kim.is_staff and not world.kim.user_permissions.exists()


def test_an_administrator_cannot_make_themselves_superuser_or_change_their_own_roles(world, client, administrator):
    client.force_login(administrator)
    assert _change(client, administrator, is_superuser="on", first_name="Ada").status_code == 403
    administrator.refresh_from_db()
    assert not administrator.is_superuser and administrator.first_name != "Ada"
    own = administrator.memberships.get()
    response = client.post(
        reverse("admin:organisations_membership_change", args=[own.pk]),
        {"user": administrator.pk, "role": Role.UNIT_MANAGER, "unit": own.unit_id, "valid_from": "2024-08-01"},
    )
    assert response.status_code == 403
    added = client.post(
        reverse("admin:organisations_membership_add"),
        {"user": administrator.pk, "role": Role.REKTOR, "unit": world.school_unit.pk, "valid_from": "2024-08-01"},
    )
    assert "Du kan inte ge dig själv en roll" in added.content.decode()
    assert list(administrator.memberships.values_list("role", flat=True)) == [Role.ADMINISTRATOR]


def test_an_administrator_gives_a_colleague_a_role(world, client, administrator):
    client.force_login(administrator)
    response = client.post(
        reverse("admin:organisations_membership_add"),
        {"user": world.tor.pk, "role": Role.REKTOR, "unit": world.school_unit.pk, "valid_from": "2024-08-01"},
    )
    assert response.status_code == 302
    assert Membership.objects.filter(user=world.tor, role=Role.REKTOR).exists()


def test_groups_are_not_in_the_admin(client, administrator):
    client.force_login(administrator)
    assert client.get("/admin/auth/group/").status_code == 404
