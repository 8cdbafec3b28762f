"""Reporting a deviation, routing it to the nearest managers, raising it across principals,
and handling it to the end (scenario 5)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lots.audit.models import AuditEntry
from lots.deviations import selectors, services
from lots.deviations.models import Deviation, DeviationEvent, Kind, Status
from lots.notifications.models import Notification


def _report(world, *, by=None, agencies=None, child=None, **extra):
    kwargs = {
        "kind": Kind.MISSED_SIP,
        "happened_on": timezone.localdate() - dt.timedelta(days=1),
        "description": "BUP kom inte till SIP-mötet, andra gången.",
        "consequence": "Planen kunde inte fastställas.",
        "agencies": agencies if agencies is not None else [world.school, world.bup],
        "child": child,
        **extra,
    }
    return services.report_deviation(actor=world.actor(by or world.rita), **kwargs)


def _kinds(deviation):
    return list(deviation.events.values_list("kind", flat=True))


@pytest.mark.django_db
def test_a_report_goes_to_the_nearest_managers_of_every_agency(world, lena, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        deviation = _report(world, by=world.kim)

    parties = {p.agency_id: p for p in deviation.parties.all()}
    assert parties[world.school.pk].handler_unit_id == world.school_unit.pk  # Rita manages Kim's school
    assert parties[world.school.pk].unit_id == world.school_unit.pk
    assert parties[world.bup.pk].handler_unit.name == "BUP ledning"  # no unit named: BUP's head
    told = set(Notification.objects.filter(kind="deviations.received").values_list("recipient__username", flat=True))
    assert told == {"rita", "lena"}
    assert deviation.handling_due_on == timezone.localdate() + dt.timedelta(days=30)


@pytest.mark.django_db
def test_more_than_one_principal_raises_it_to_the_steering_group(world, lena, stig, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        deviation = _report(world)

    assert deviation.raised_at is not None
    assert _kinds(deviation) == [DeviationEvent.Kind.REPORTED, DeviationEvent.Kind.RAISED]
    assert Notification.objects.filter(kind="deviations.raised", recipient=stig).count() == 1


@pytest.mark.django_db
def test_one_principal_stays_with_the_managers(world, stig):
    deviation = _report(world, agencies=[world.school, world.social])

    assert deviation.raised_at is None
    assert DeviationEvent.Kind.RAISED not in _kinds(deviation)


@pytest.mark.django_db
def test_bad_input_changes_nothing_and_says_why(world):
    with pytest.raises(ValidationError) as error:
        _report(world, description="  ", agencies=[], happened_on=timezone.localdate() + dt.timedelta(days=1))

    assert set(error.value.message_dict) == {"description", "agencies", "happened_on"}
    assert not Deviation.objects.exists()


@pytest.mark.django_db
def test_only_a_child_one_works_with_can_be_named(world):
    with pytest.raises(ValidationError) as error:
        _report(world, by=world.tor, child=world.elin)
    assert "child" in error.value.message_dict

    deviation = _report(world, by=world.kim, child=world.elin)
    assert deviation.child_id == world.elin.pk


@pytest.mark.django_db
def test_reporting_is_logged(world):
    deviation = _report(world, child=world.elin)

    row = AuditEntry.objects.get(record_type="deviations.deviation", action="create")
    assert row.record_id == str(deviation.pk)
    assert row.child_id == world.elin.pk


@pytest.mark.django_db
def test_the_childs_name_is_shown_only_to_those_the_policy_lets_see_the_child(world, lena, stig):
    deviation = _report(world, by=world.kim, child=world.elin)

    rita_sees = selectors.deviation_page(world.actor(world.rita), deviation.pk)
    assert str(rita_sees.child) == "Elin Berg"
    for other in (lena, stig):
        seen = selectors.deviation_page(world.actor(other), deviation.pk)
        assert seen.child is None and seen.child_withheld


@pytest.mark.django_db
def test_who_sees_a_deviation(world, lena, stig):
    deviation = _report(world, by=world.kim, child=world.elin)

    for user in (world.kim, world.rita, lena, stig):
        assert selectors.deviation_page(world.actor(user), deviation.pk).deviation.pk == deviation.pk
    for user in (world.tor, world.berit, world.rut):
        with pytest.raises(Exception) as denied:
            selectors.deviation_page(world.actor(user), deviation.pk)
        assert denied.typename == "Denied"


@pytest.mark.django_db
def test_handling_to_the_end_and_reopening_with_history(world, lena):
    deviation = _report(world)
    rita, lena_actor = world.actor(world.rita), world.actor(lena)

    services.record_analysis(
        actor=rita, deviation=deviation, analysis="Kallelsen kom sent.", measures="Kalla tidigare."
    )
    with pytest.raises(ValidationError) as error:
        services.close(actor=rita, deviation=deviation, outcome="Klart.")
    assert "__all__" in error.value.message_dict  # BUP has not answered

    services.record_analysis(actor=lena_actor, deviation=deviation, analysis="Fel brevlåda.", measures="Ny rutin.")
    closed = services.close(actor=lena_actor, deviation=deviation, outcome="Kallelser till gemensam brevlåda.")
    assert closed.status == Status.CLOSED and closed.closed_at is not None

    reopened = services.reopen(actor=rita, deviation=closed, reason="BUP uteblev igen i november.")
    assert reopened.status == Status.OPEN and reopened.reopened_count == 1
    assert not reopened.parties.filter(responded_at__isnull=False).exists()
    assert _kinds(reopened)[-2:] == [DeviationEvent.Kind.REOPENED, DeviationEvent.Kind.RAISED]  # raised again
    assert [e for e in _kinds(reopened) if e == DeviationEvent.Kind.ANALYSED] == ["analysed", "analysed"]


@pytest.mark.django_db
def test_only_a_handler_acts(world, lena):
    deviation = _report(world, by=world.kim)

    for user in (world.kim, world.bo):
        with pytest.raises(PermissionDenied):
            services.record_analysis(actor=world.actor(user), deviation=deviation, analysis="a", measures="b")


@pytest.mark.django_db
def test_a_stale_form_is_refused(world):
    deviation = _report(world)
    rita = world.actor(world.rita)
    services.record_analysis(actor=rita, deviation=deviation, analysis="a", measures="b", version=deviation.version)

    with pytest.raises(ValidationError):
        services.record_analysis(actor=rita, deviation=deviation, analysis="c", measures="d", version=deviation.version)


@pytest.mark.django_db
def test_overdue_handling_is_raised_once(world, lena, stig, time_machine):
    deviation = _report(world)
    time_machine.move_to(timezone.now() + dt.timedelta(days=31))

    assert services.raise_overdue() == 1
    assert services.raise_overdue() == 0
    told = set(Notification.objects.filter(kind="deviations.overdue").values_list("recipient__username", flat=True))
    assert told == {"rita", "lena", "stig"}
    assert DeviationEvent.objects.filter(deviation=deviation, kind=DeviationEvent.Kind.OVERDUE).count() == 1


@pytest.mark.django_db
def test_counts_for_the_follow_up(world, lena):
    _report(world)
    _report(world, agencies=[world.school], kind=Kind.OTHER)

    rows = selectors.counts(by=("kind",))
    assert {r["kind"]: r["n"] for r in rows} == {Kind.MISSED_SIP: 1, Kind.OTHER: 1}
    by_agency = {r["agency"]: r["n"] for r in selectors.counts(by=("agency",))}
    assert by_agency == {world.school.pk: 2, world.bup.pk: 1}
