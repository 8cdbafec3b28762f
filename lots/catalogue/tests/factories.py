"""Factories with named states for the catalogue's models."""

import datetime as dt

import factory
from django.utils import timezone

from lots.catalogue.models import AgencyProfile, EditorGrant, ForumSeat, Intervention, InterventionVersion, NeedTag
from lots.catalogue.search import index
from lots.organisations.tests.factories import AgencyFactory, UserFactory


class NeedTagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NeedTag
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"need-{n}")
    name = factory.Sequence(lambda n: f"Behov {n}")
    name_en = factory.Sequence(lambda n: f"Need {n}")
    synonyms = ""


class InterventionFactory(factory.django.DjangoModelFactory):
    """An offered, published entry whose search document is in step (as the services keep it).

    States: `unpublished=True`, `withdrawn=True` (no longer offered), `review_due=True`."""

    class Meta:
        model = Intervention
        skip_postgeneration_save = True

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Sequence(lambda n: f"Insats {n}")
    summary = "Stöd för barn och familjer."
    access_route = "free"
    published = True
    languages = ",sv,"

    class Params:
        unpublished = factory.Trait(published=False)
        withdrawn = factory.Trait(active=False)
        review_due = factory.Trait(reviewed_at=factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=400)))

    @factory.post_generation
    def needs(self, create, extracted, **kwargs):
        if create and extracted:
            self.needs.set(extracted)

    @factory.post_generation
    def indexed(self, create, extracted, **kwargs):
        if create:
            index.refresh([self])


class InterventionVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InterventionVersion

    intervention = factory.SubFactory(InterventionFactory)
    number = 1
    change = "created"
    changed_by = factory.SubFactory(UserFactory)


class EditorGrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EditorGrant

    user = factory.SubFactory(UserFactory)
    agency = factory.SubFactory(AgencyFactory)


class AgencyProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgencyProfile

    agency = factory.SubFactory(AgencyFactory)
    mission = "Stöd och skydd för barn och unga."
    laws = "Socialtjänstlagen"
    sip_contact = "Mottagningen, 031-390 06 20"


class ForumSeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ForumSeat

    profile = factory.SubFactory(AgencyProfileFactory)
    forum = "BUS-gruppen"
    representative = "Enhetschef"
