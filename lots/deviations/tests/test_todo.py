"""The deviations on the start page "Att göra": the managers whose unit must answer, confirm or close
see them, the steering group sees those raised to it; no one else does, and the page costs the
same statements whatever the number of deviations."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from lots.audit.models import AuditEntry
from lots.core import todo
from lots.core.testing import main_of, queries_of
from lots.deviations import todo as deviation_todo
from lots.deviations.models import Deviation
from lots.deviations.tests.conftest import staff
from lots.deviations.tests.factories import DeviationFactory, PartyFactory
from lots.organisations.roles import Role
from lots.organisations.tests.factories import AgencyFactory, PrincipalFactory, UnitFactory

pytestmark = pytest.mark.django_db

URL = reverse("todo:start")


def _between_school_and_bup(world, lena, *, school_answered=False, bup_answered=False, raised=False, **traits):
    """Reported by Kim at the school, involving the school (Rita's unit handles it) and BUP (Lena's)."""
    deviation = DeviationFactory(
        reporting_agency=world.school,
        reported_by=world.kim,
        raised_at=timezone.now() if raised else None,
        **traits,
    )
    PartyFactory(
        deviation=deviation,
        agency=world.school,
        unit=world.school_unit,
        handler_unit=world.school_unit,
        answered=school_answered,
    )
    PartyFactory(
        deviation=deviation,
        agency=world.bup,
        handler_unit=lena.memberships.get().unit,
        answered=bup_answered,
    )
    return deviation


def _items(world, user):
    return deviation_todo.items(world.actor(user), timezone.localdate(), todo.LIMIT)


def _urls(world, user) -> list[str]:
    return [item.url for item in _items(world, user)]


def test_the_rektor_sees_the_deviation_her_unit_must_answer_with_its_handling_date(world, lena):
    deviation = _between_school_and_bup(world, lena, child=world.elin)
    [item] = _items(world, world.rita)
    assert item.url == reverse("deviations:detail", args=[deviation.pk])
    assert item.due == deviation.handling_due_on and item.child_id == world.elin.pk
    assert item.text == "Avvikelse att besvara: Uteblev från en SIP"
    assert deviation.description not in item.text and "Elin" not in item.text + item.url
    # BUP's head must answer for BUP
    assert _urls(world, lena) == [item.url]


def test_staff_who_do_not_handle_it_and_other_agencies_do_not_see_it(world, lena, maj, stig):
    url = reverse("deviations:detail", args=[_between_school_and_bup(world, lena).pk])
    for user in (world.kim, world.mona, world.bo, world.berit, world.sam, world.rut, world.ada, maj, stig):
        assert url not in _urls(world, user), user.username


def test_once_her_unit_has_answered_the_rektor_waits_for_the_others_then_closes(world, lena):
    waiting = _between_school_and_bup(world, lena, school_answered=True)
    to_close = _between_school_and_bup(world, lena, school_answered=True, bup_answered=True)
    closed = _between_school_and_bup(world, lena, school_answered=True, bup_answered=True, closed=True)
    assert _urls(world, world.rita) == [reverse("deviations:detail", args=[to_close.pk])]
    assert [i.text for i in _items(world, world.rita)] == [
        "Avvikelse som alla verksamheter har besvarat, att avsluta: Uteblev från en SIP"
    ]
    assert reverse("deviations:detail", args=[waiting.pk]) in _urls(world, lena)
    assert reverse("deviations:detail", args=[closed.pk]) not in _urls(world, lena)


def test_a_proposal_of_lots_is_new_to_confirm_or_dismiss(world, lena):
    proposal = _between_school_and_bup(world, lena, proposed=True)
    dismissed = _between_school_and_bup(world, lena, dismissed=True)
    [item] = _items(world, world.rita)
    assert item.url == reverse("deviations:detail", args=[proposal.pk]) and item.due is None
    assert item.text == "Avvikelse att bekräfta eller avfärda: Uteblev från en SIP"
    assert reverse("deviations:detail", args=[dismissed.pk]) not in _urls(world, lena)


def test_the_steering_group_sees_the_deviations_raised_to_it_and_another_regions_does_not(world, lena, stig):
    raised = _between_school_and_bup(world, lena, raised=True)
    _between_school_and_bup(world, lena)  # not raised: the managers' work, not the steering group's
    [item] = _items(world, stig)
    assert item.url == reverse("deviations:detail", args=[raised.pk])
    assert item.text == "Avvikelse lyft till styrgruppen: Uteblev från en SIP"
    elsewhere = PrincipalFactory(region_kind=True, name="Region Annanstans")
    office = UnitFactory(agency=AgencyFactory(principal=elsewhere, name="Regionkansliet"), name="Stab")
    assert _items(world, staff(office, Role.STEERING_GROUP_MEMBER, "Siv", "Styrdotter")) == []
    assert "lyft till styrgruppen" not in " ".join(i.text for i in _items(world, world.rita))


def test_the_rows_given_are_logged_once_and_the_page_names_the_child(signed_in, world, lena):
    shown = _between_school_and_bup(world, lena, child=world.elin)
    AuditEntry.objects.all().delete()
    page = main_of(signed_in(world.rita).get(URL))
    assert reverse("deviations:detail", args=[shown.pk]) in page and "Elin Berg" in page
    logged = AuditEntry.objects.filter(detail="todo", record_type="deviations.deviation")
    assert [(e.record_id, e.child_id) for e in logged] == [(str(shown.pk), world.elin.pk)]


@pytest.mark.parametrize("user", ["rita", "stig"])
def test_the_page_is_bounded_whatever_the_number_of_deviations(signed_in, world, lena, stig, user):
    """The same statements for 2 deviations as for 12 (each naming a child), one append to the log."""
    viewer = stig if user == "stig" else world.rita
    client = signed_in(viewer)
    counts = []
    for n in (2, 10):
        for _ in range(n):
            _between_school_and_bup(world, lena, raised=True, child=world.elin)
        client.get(URL)  # warm: the process's first log write checks the chain heads once
        statements = queries_of(lambda: client.get(URL))
        assert sum('INSERT INTO "audit_auditentry"' in sql for sql in statements) == 1
        counts.append(len(statements))
    page = main_of(client.get(URL))
    assert sum(reverse("deviations:detail", args=[d.pk]) in page for d in Deviation.objects.all()) == 12
    assert counts[0] == counts[1] <= 20, counts


def test_the_earliest_handling_date_comes_first(world, lena):
    soon = _between_school_and_bup(world, lena, handling_due_on=timezone.localdate() + dt.timedelta(days=2))
    later = _between_school_and_bup(world, lena, handling_due_on=timezone.localdate() + dt.timedelta(days=20))
    assert _urls(world, world.rita) == [reverse("deviations:detail", args=[d.pk]) for d in (soon, later)]
