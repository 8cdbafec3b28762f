import factory

from lots.retention.models import CullRecord, CullRun, RetentionRule


class RetentionRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RetentionRule

    kind = "access.assignment"
    years = 5


class CullRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CullRun

    dry_run = True
    started_by = "test"


class CullRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CullRecord

    run = factory.SubFactory(CullRunFactory)
    kind = "access.assignment"
    years = 5
    days = 0
    cutoff = factory.Faker("date_time", tzinfo=__import__("datetime").UTC)
    action = "delete"
    count = 0
