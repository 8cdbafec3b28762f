"""The unit manager's pages (the unit's children, children without an owner, assign, hand over a
leaver's children) and ending or declining from the child's page (issue 21)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from lots.access import assignments
from lots.access.models import Assignment, AssignmentEnd
from lots.access.tests.factories import AssignmentFactory
from lots.audit.models import AuditEntry
from lots.core.testing import queries_of
from lots.people.models import Child
from lots.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


def _more_children(world, n):
    for i in range(n):
        child = ChildFactory(school_unit=world.school_unit, last_name=f"Fler{i}")
        AssignmentFactory(user=world.tor, unit=world.school_unit, child=child, reason="mentor")
        AssignmentFactory(user=world.kim, unit=world.school_unit, child=child)


def test_the_unit_page_lists_the_units_children_with_who_and_the_staff(world, signed_in):
    client = signed_in(world.rita)
    body = client.get(reverse("access:unit"), HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "Enhetens barn" in body and "Berg, Elin" in body
    assert "Kim Kuratorsson (Kontakt i elevhälsan)" in body
    # One row for the list, and one of its own for the protected child on it (Saga).
    assert AuditEntry.objects.filter(user_id=world.rita.pk, detail="unit children").count() == 2


def test_the_unit_page_costs_the_same_whatever_the_number_of_children(world, signed_in):
    client = signed_in(world.rita)
    url = reverse("access:unit")
    client.get(url)  # the session's first request settles its one-time checks
    few = queries_of(lambda: client.get(url))
    _more_children(world, 60)  # more than a page
    many = queries_of(lambda: client.get(url))
    # Session, user, authenticator, membership; the children (count, page), their team, the staff's
    # counts, the staff; the clearances of a protected child on the page (Saga, on the first page
    # only when it is short); children without an owner (a count); one log append.
    assert len(many) <= len(few) <= 12


@pytest.mark.parametrize("viewer", ["kim", "tor", "bo", "ada"])
def test_only_a_manager_sees_the_unit_pages(world, signed_in, viewer):
    client = signed_in(getattr(world, viewer))
    assert client.get(reverse("access:unit")).status_code == 404
    assert client.get(reverse("access:without_owner")).status_code == 404


def test_children_without_an_owner_are_listed_and_assigned_from_the_list(world, signed_in, monkeypatch):
    orphan = ChildFactory(first_name="Nils", last_name="Ägarlös")
    monkeypatch.setitem(
        assignments.OPEN_MATTERS, "test", lambda unit_id: Child.objects.filter(pk=orphan.pk).values("pk")
    )
    monkeypatch.setitem(assignments.OPEN_MATTER_LABELS, "test", "Testärende")
    client = signed_in(world.rita)
    body = client.get(reverse("access:unit"), HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "1 barn utan ansvarig" in body
    body = client.get(reverse("access:without_owner"), HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "Nils Ägarlös" in body and "Testärende" in body
    url = reverse("access:assign", args=[orphan.pk])
    response = client.post(
        url, {"user": world.tor.pk, "reason": "case", "starts_on": timezone.localdate().isoformat(), "note": "Ny"}
    )
    assert response.status_code == 302
    assert Assignment.objects.active().filter(user=world.tor, child=orphan, source="manager").exists()
    assert "Nils" not in client.get(reverse("access:without_owner")).content.decode()


def test_a_wrong_assignment_is_refused_in_swedish_and_nothing_saved(world, signed_in):
    client = signed_in(world.rita)
    today = timezone.localdate()
    response = client.post(
        reverse("access:assign", args=[world.elin.pk]),
        {
            "user": world.tor.pk,
            "reason": "mentor",
            "starts_on": today.isoformat(),
            "ends_on": (today - dt.timedelta(days=3)).isoformat(),
        },
        HTTP_ACCEPT_LANGUAGE="sv",
    )
    assert response.status_code == 400
    assert "Tilldelningen måste sluta efter att den börjat" in response.content.decode()
    assert not Assignment.objects.filter(user=world.tor).exists()


def test_a_future_assignment_starts_on_its_day(world, signed_in):
    day = timezone.localdate() + dt.timedelta(days=10)
    signed_in(world.rita).post(
        reverse("access:assign", args=[world.elin.pk]),
        {"user": world.tor.pk, "reason": "mentor", "starts_on": day.isoformat()},
    )
    assignment = Assignment.objects.get(user=world.tor)
    assert timezone.localtime(assignment.starts_at).date() == day


def test_a_leavers_children_go_to_a_colleague_in_one_step_and_the_membership_ends(world, signed_in):
    alone = ChildFactory(first_name="Ove", last_name="Ensam", school_unit=world.school_unit)
    AssignmentFactory(user=world.kim, unit=world.school_unit, child=alone)
    client = signed_in(world.rita)
    url = reverse("access:staff_leaving", args=[world.kim.pk])
    body = client.get(url, HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "Ove Ensam" in body and "1 skulle bli utan ansvarig" in body
    last_day = timezone.localdate()
    # The last day alone is refused while Ove would be left without an owner, and nothing changes.
    refused = client.post(url, {"last_day": last_day.isoformat()}, HTTP_ACCEPT_LANGUAGE="sv")
    assert refused.status_code == 400 and "Ove Ensam" in refused.content.decode()
    assert world.membership(world.kim).valid_until is None
    response = client.post(url, {"to_all": world.tor.pk, "last_day": last_day.isoformat(), "note": "Kim slutar"})
    assert response.status_code == 302
    assert set(Assignment.objects.active().filter(user=world.tor).values_list("child_id", flat=True)) == {
        world.elin.pk,
        world.saga.pk,
        alone.pk,
    }
    assert set(Assignment.objects.filter(user=world.kim).values_list("end_reason", flat=True)) == {
        AssignmentEnd.HANDED_OVER
    }
    assert world.membership(world.kim).valid_until == last_day


def test_the_leaving_page_hands_over_child_by_child(world, signed_in):
    elins = Assignment.objects.get(user=world.kim, child=world.elin)
    url = reverse("access:staff_leaving", args=[world.kim.pk])
    signed_in(world.rita).post(url, {f"to_{elins.pk}": world.tor.pk})
    assert Assignment.objects.active().filter(user=world.tor, child=world.elin).exists()
    assert Assignment.objects.active().filter(user=world.kim, child=world.saga).exists()


def test_the_child_page_shows_assignments_now_and_before_and_the_manager_acts(world, signed_in):
    ended = AssignmentFactory(user=world.tor, unit=world.school_unit, child=world.elin, ended=True)
    body = signed_in(world.rita).get(reverse("people:child", args=[world.elin.pk]), HTTP_ACCEPT_LANGUAGE="sv")
    text = body.content.decode()
    assert "Tilldelningar nu och tidigare" in text and "Tilldela personal" in text
    assert "1 tidigare tilldelning" in text and str(ended.user) in text
    kims = signed_in(world.kim).get(reverse("people:child", args=[world.elin.pk]), HTTP_ACCEPT_LANGUAGE="sv")
    assert "Tacka nej" in kims.content.decode() and "Tilldela personal" not in kims.content.decode()


def test_the_manager_ends_and_the_assigned_person_declines_from_the_childs_page(world, signed_in):
    monas = Assignment.objects.get(user=world.mona, child=world.elin)
    signed_in(world.rita).post(reverse("access:assignment_end", args=[monas.pk]), {})
    monas.refresh_from_db()
    assert monas.end_reason == AssignmentEnd.BY_HAND
    kims = Assignment.objects.get(user=world.kim, child=world.elin)
    client = signed_in(world.kim)
    assert client.post(reverse("access:assignment_decline", args=[kims.pk]), {"reason": ""}).status_code == 302
    kims.refresh_from_db()
    assert kims.ends_at is None  # no reason, no decline
    client.post(reverse("access:assignment_decline", args=[kims.pk]), {"reason": "Jäv"})
    kims.refresh_from_db()
    assert (kims.end_reason, kims.end_note) == (AssignmentEnd.DECLINED, "Jäv")


def test_nobody_ends_another_agencys_assignment(world, signed_in):
    bos = Assignment.objects.get(user=world.bo, child=world.elin)
    assert signed_in(world.rita).post(reverse("access:assignment_end", args=[bos.pk]), {}).status_code == 404
    bos.refresh_from_db()
    assert bos.ends_at is None


def test_the_list_without_an_owner_costs_the_same_whatever_its_length(world, signed_in, monkeypatch):
    held: list[int] = []
    monkeypatch.setitem(
        assignments.OPEN_MATTERS, "test", lambda unit_id: Child.objects.filter(pk__in=held).values("pk")
    )
    monkeypatch.setitem(assignments.OPEN_MATTER_LABELS, "test", "Testärende")
    held.append(ChildFactory().pk)
    client = signed_in(world.rita)
    url = reverse("access:without_owner")
    client.get(url)  # the session's first request settles its one-time checks
    few = queries_of(lambda: client.get(url))
    held.extend(ChildFactory().pk for _ in range(20))
    many = queries_of(lambda: client.get(url))
    # Session, user, authenticator, membership; the children; their kinds of matter, one read per
    # registered kind (concern reports, journey steps, SIPs, the test's); one log append.
    assert len(many) == len(few) <= 4 + 1 + len(assignments.OPEN_MATTERS) + 1


def test_the_leaving_page_costs_the_same_whatever_the_number_of_children(world, signed_in):
    client = signed_in(world.rita)
    url = reverse("access:staff_leaving", args=[world.kim.pk])
    client.get(url)
    few = queries_of(lambda: client.get(url))
    _more_children(world, 20)
    many = queries_of(lambda: client.get(url))
    assert len(many) == len(few) <= 12
