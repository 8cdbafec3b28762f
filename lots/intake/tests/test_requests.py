import datetime as dt
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from lots.intake import routing
from lots.intake.models import HelpRequest, RequestEvent
from lots.intake.services import reminders
from lots.intake.services import requests as services
from lots.intake.tests.factories import EntryPointFactory, RoutingRuleFactory
from lots.notifications.models import Notification
from lots.organisations.roles import Role
from lots.organisations.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(world):
    """The entry point is run by reception; Vera manages it."""
    vera = UserFactory(username="vera")
    MembershipFactory(user=vera, unit=world.reception_unit, role=Role.UNIT_MANAGER)
    return EntryPointFactory(name="Gemensam ingång Testby", unit=world.reception_unit)


def ask(world, entry, **overrides):
    arguments = dict(
        actor=world.actor(world.rita),
        entry_point=entry,
        submission_key=uuid.uuid4().hex,
        who="Familjen Berg",
        needs=["mental_health", "school_absence"],
        description="Elin är hemma från skolan och mår dåligt; familjen vill ha hjälp.",
        family_consents=True,
    )
    arguments.update(overrides)
    return services.create_request(**arguments)


def test_a_request_needs_the_familys_agreement_and_a_need(world, entry):
    with pytest.raises(ValidationError) as caught:
        ask(world, entry, family_consents=False, needs=[])
    assert set(caught.value.message_dict) == {"family_consents", "needs"}
    assert not HelpRequest.objects.exists()


def test_routing_suggests_units_and_routines_from_the_table(world):
    RoutingRuleFactory(need="mental_health", unit=world.bup_unit, routine="Remiss till BUP")
    RoutingRuleFactory(need="school_absence", unit=world.bup_unit, routine="Problematisk skolfrånvaro")
    RoutingRuleFactory(need="family_support", unit=world.social_unit)
    (suggestion,) = routing.suggest(["mental_health", "school_absence"])
    assert suggestion.unit == world.bup_unit
    assert suggestion.routines == ("Remiss till BUP", "Problematisk skolfrånvaro")


def test_forward_accept_and_decline_are_recorded_as_the_journey(world, entry):
    key = uuid.uuid4().hex
    request = ask(world, entry, submission_key=key)
    again = ask(world, entry, submission_key=key)
    assert again.pk == request.pk
    with pytest.raises(Http404):
        services.forward_request(actor=world.actor(world.kim), request_id=request.pk, units=[world.bup_unit])
    services.forward_request(
        actor=world.actor(world.rut),
        request_id=request.pk,
        units=[world.bup_unit, world.social_unit],
        note="Brådskande",
    )
    request.refresh_from_db()
    assert request.status == "forwarded" and request.accept_due_on is not None
    with pytest.raises(ValidationError, match="skälet"):
        services.answer_forward(actor=world.actor(world.sam), request_id=request.pk, accept=False)
    services.answer_forward(
        actor=world.actor(world.sam), request_id=request.pk, accept=False, reason="Inte vårt uppdrag."
    )
    services.answer_forward(actor=world.actor(world.bo), request_id=request.pk, accept=True)
    request.refresh_from_db()
    assert request.status == "accepted"
    with pytest.raises(ValidationError):
        services.answer_forward(actor=world.actor(world.berit), request_id=request.pk, accept=True)
    kinds = list(request.events.values_list("kind", flat=True))
    assert kinds == ["created", "forwarded", "forwarded", "declined", "accepted"]


def test_when_every_unit_declines_the_request_returns_to_the_entry_point(world, entry):
    request = ask(world, entry)
    services.forward_request(actor=world.actor(world.rut), request_id=request.pk, units=[world.bup_unit])
    services.answer_forward(actor=world.actor(world.bo), request_id=request.pk, accept=False, reason="Fel målgrupp.")
    request.refresh_from_db()
    assert request.status == "new" and request.accept_due_on is None


def test_a_request_no_one_accepts_in_time_is_raised_to_the_entry_points_manager_once(world, entry):
    request = ask(world, entry)
    services.forward_request(actor=world.actor(world.rut), request_id=request.pk, units=[world.bup_unit])
    request.refresh_from_db()
    later = request.accept_due_on + dt.timedelta(days=1)
    assert reminders.scan_deadlines(today=later).requests_escalated == 1
    assert reminders.scan_deadlines(today=later).requests_escalated == 0
    assert list(
        Notification.objects.filter(kind="intake.request_unowned").values_list("recipient__username", flat=True)
    ) == ["vera"]
    assert RequestEvent.objects.filter(request=request, kind="escalated").count() == 1


def test_the_request_page_shows_the_journey_to_those_involved_only(world, entry, signed_in):
    request = ask(world, entry)
    services.forward_request(actor=world.actor(world.rut), request_id=request.pk, units=[world.bup_unit])
    url = reverse("intake:request", args=[request.pk])
    for user in (world.rita, world.rut, world.bo):
        page = signed_in(user).get(url)
        assert page.status_code == 200 and "Förfrågans väg" in page.content.decode()
    for outsider in (world.kim, world.sam):
        assert signed_in(outsider).get(url).status_code == 404
    answered = signed_in(world.bo).post(url, {"action": "answer", "answer-accept": "1", "answer-reason": ""})
    assert answered.status_code == 302
    closed = signed_in(world.rut).post(url, {"action": "close", "close-version": "3", "close-reason": "Klart."})
    assert closed.status_code == 302
