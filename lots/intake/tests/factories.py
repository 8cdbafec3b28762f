"""Factories with named states: `ConcernReportFactory(violence=True)`, `(assessed=True)`,
`(opened=True)`, `(not_opened=True)`, `(unknown_child=True)`; `HelpRequestFactory(forwarded=...)`."""

import datetime as dt

import factory
from django.utils import timezone

from lots.intake import deadlines
from lots.intake.models import (
    ConcernReport,
    EntryPoint,
    Forward,
    GuardiansInformed,
    HelpRequest,
    ProtectionOutcome,
    ReportEvent,
    ReportStatus,
    RequestEvent,
    RoutingRule,
    Violence,
)
from lots.organisations.tests.factories import AgencyFactory, UnitFactory, UserFactory
from lots.people.tests.factories import ChildFactory


def _refresh(report: ConcernReport) -> None:
    upcoming = deadlines.next_open(deadlines.report_deadlines(report))
    report.next_deadline_on = upcoming.due if upcoming else None
    report.next_deadline_rule = upcoming.rule.key if upcoming else ""


class ConcernReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConcernReport

    receiving_agency = factory.SubFactory(AgencyFactory, social_services=True)
    receiving_unit = factory.SubFactory(
        UnitFactory, agency=factory.SelfAttribute("..receiving_agency"), kind="social_services_reception"
    )
    child = factory.SubFactory(ChildFactory)
    child_name_given = factory.LazyAttribute(lambda o: o.child.full_name if o.child else "Okänt barn")
    reporter = factory.SubFactory(UserFactory)
    reporter_kind = "school"
    reporter_name = "Mona Mentorsson"
    reporter_phone = "070-174 06 11"
    observed = "Eleven har blåmärken på armarna och säger att pappa blev arg."
    observed_on = factory.LazyFunction(timezone.localdate)
    violence = Violence.NONE
    guardians_informed = GuardiansInformed.YES
    received_at = factory.LazyFunction(timezone.now)

    class Params:
        violent = factory.Trait(violence=Violence.SUBJECTED)
        unknown_child = factory.Trait(child=None, child_name_given="Pojke, ca 10 år", child_details_given="Går i åk 4")
        assessed = factory.Trait(
            protection_assessed_at=factory.LazyAttribute(lambda o: o.received_at + dt.timedelta(hours=1)),
            protection_outcome=ProtectionOutcome.NO_IMMEDIATE_NEED,
            protection_note="Inget akut skyddsbehov; barnet är i skolan och får gå hem till mamma.",
        )
        opened = factory.Trait(
            assessed=True,
            status=ReportStatus.INVESTIGATION_OPENED,
            decided_at=factory.LazyAttribute(lambda o: o.received_at + dt.timedelta(days=1)),
            decision_reason="Utredning inleds.",
        )
        not_opened = factory.Trait(
            assessed=True,
            status=ReportStatus.NOT_OPENED,
            decided_at=factory.LazyAttribute(lambda o: o.received_at + dt.timedelta(days=3)),
            decision_reason="Familjen har redan stöd; ingen utredning.",
        )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        report = model_class(*args, **kwargs)
        _refresh(report)
        report.save()
        return report


class ReportEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportEvent

    report = factory.SubFactory(ConcernReportFactory)
    kind = ReportEvent.Kind.RECEIVED


class EntryPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EntryPoint

    name = factory.Sequence(lambda n: f"Gemensam ingång {n}")
    unit = factory.SubFactory(UnitFactory)


class RoutingRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoutingRule

    need = "mental_health"
    unit = factory.SubFactory(UnitFactory)
    routine = "Remiss till BUP"


class HelpRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HelpRequest

    entry_point = factory.SubFactory(EntryPointFactory)
    owning_agency = factory.SelfAttribute("entry_point.unit.agency")
    who_given = "Familjen Hassan"
    needs = factory.LazyFunction(lambda: ["mental_health"])
    description = "Familjen behöver stöd kring skolfrånvaro och oro."
    family_consents = True
    requested_by = factory.SubFactory(UserFactory)


class ForwardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Forward

    request = factory.SubFactory(HelpRequestFactory, status="forwarded")
    unit = factory.SubFactory(UnitFactory)
    forwarded_by = factory.SubFactory(UserFactory)


class RequestEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RequestEvent

    request = factory.SubFactory(HelpRequestFactory)
    kind = RequestEvent.Kind.CREATED
