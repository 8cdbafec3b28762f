"""Factories for the interop app's model, with named states."""

from __future__ import annotations

import factory

from lots.interop.models import ChildImport
from lots.organisations.tests.factories import MembershipFactory

CSV_HEADINGS = "personnummer;fornamn;efternamn;skolenhetskod;arskurs\n"


class ChildImportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChildImport

    membership = factory.SubFactory(MembershipFactory)
    uploaded_by = factory.SelfAttribute("membership.user")
    file_kind = "csv"
    content = factory.LazyFunction(lambda: (CSV_HEADINGS + "201001012382;Ada;Elev;;7\n").encode())
    dry_run = True

    class Params:
        previewed = factory.Trait(status=ChildImport.Status.DONE, created=1, outcomes=[[2, "created"]])
        imported = factory.Trait(status=ChildImport.Status.DONE, dry_run=False, content=b"", created=1)
        refused = factory.Trait(
            status=ChildImport.Status.REFUSED, content=b"", errors=["Rad 2: personnumret har fel kontrollsiffra"]
        )
