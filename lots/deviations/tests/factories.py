"""Factories with named states: `DeviationFactory()` (reported, being handled), `(proposed=True)`,
`(closed=True)`, `(dismissed=True)`; `PartyFactory(answered=True)`."""

import datetime as dt

import factory
from django.utils import timezone

from lots.deviations.models import Deviation, Kind, Party, Source, Status
from lots.organisations.tests.factories import AgencyFactory, UserFactory


class DeviationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deviation

    reporting_agency = factory.SubFactory(AgencyFactory)
    reported_by = factory.SubFactory(UserFactory)
    kind = Kind.MISSED_SIP
    happened_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=2))
    description = "BUP kom inte till SIP-mötet, andra gången för samma plan."
    consequence = "Planen kunde inte fastställas; barnet väntar på stöd."
    status = Status.OPEN
    handling_due_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))

    class Params:
        proposed = factory.Trait(
            status=Status.PROPOSED,
            reported_by=None,
            source=Source.SIP_FOLLOW_UP,
            signal_key=factory.Sequence(lambda n: f"test-signal-{n}"),
            handling_due_on=None,
        )
        closed = factory.Trait(
            status=Status.CLOSED, closed_at=factory.LazyFunction(timezone.now), outcome="Ny rutin för kallelser."
        )
        dismissed = factory.Trait(
            status=Status.DISMISSED,
            reported_by=None,
            source=Source.SIP_FOLLOW_UP,
            signal_key=factory.Sequence(lambda n: f"test-dismissed-{n}"),
            dismissed_reason="Uppföljningen hölls men registrerades sent.",
        )


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party

    deviation = factory.SubFactory(DeviationFactory)
    agency = factory.SelfAttribute("deviation.reporting_agency")

    class Params:
        answered = factory.Trait(
            analysis="Kallelsen gick till fel funktionsbrevlåda.",
            measures="Kallelser skickas till enhetens gemensamma brevlåda.",
            responded_at=factory.LazyFunction(timezone.now),
            responded_by=factory.SubFactory(UserFactory),
        )
