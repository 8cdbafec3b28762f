"""The dashboard and the committee report: who sees which organisation, the filter's refusals,
the same figures in every format, a fixed number of statements whatever the data."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from lots.core.testing import queries_of
from lots.followup import registry
from lots.followup.models import Target
from lots.followup.tests.conftest import at
from lots.organisations.models import Agency
from lots.organisations.roles import Role
from lots.organisations.tests.factories import AgencyFactory, MembershipFactory, UserFactory
from lots.plans.models import Status
from lots.plans.tests.factories import SipFactory

pytestmark = pytest.mark.django_db

Y2025 = {"fran": "2025-01-01", "till": "2025-12-31"}


@pytest.fixture
def steering(world):
    """Stina, in the steering group at the municipality's administration."""
    user = UserFactory(first_name="Stina", last_name="Styrsson", username="stina")
    admin_unit = world.membership(world.ada).unit
    MembershipFactory(user=user, unit=admin_unit, role=Role.STEERING_GROUP_MEMBER)
    return user


def _sips(world, n, *, agency=None, year=2025):
    for i in range(n):
        SipFactory(
            requesting_agency=agency or world.school,
            requested_at=at(year, 3, 1 + i % 28),
            first_meeting_on=None,
            status=Status.REQUESTED,
        )


def _figure(body: str, key: str) -> str:
    start = body.index(f'data-figure="{key}">') + len(f'data-figure="{key}">')
    return body[start : body.index("</dd>", start)].strip()


def test_the_steering_group_sees_every_principal_with_small_counts_suppressed(world, steering, signed_in):
    _sips(world, 12)  # the school (the municipality)
    _sips(world, 3, agency=world.bup)  # the region: 3, too few
    body = signed_in(steering).get(reverse("followup:dashboard"), Y2025).content.decode()
    assert _figure(body, "sip.requested") == "15"
    assert "Testby kommun" in body and "Region Testland" in body
    assert "<td>&lt;5</td>" in body  # the region's 3
    # The municipality's 12 would give the region's 3 away (15 - 12): it is hidden too.
    assert "<td>12</td>" not in body and "<td>dolt</td>" in body
    assert world.elin.first_name not in body


def test_a_head_teacher_sees_their_own_agency_and_nothing_else(world, signed_in):
    _sips(world, 6)
    _sips(world, 7, agency=world.bup)
    client = signed_in(world.rita)
    body = client.get(reverse("followup:dashboard"), Y2025).content.decode()
    assert _figure(body, "sip.requested") == "6"
    assert client.get(reverse("followup:dashboard"), {**Y2025, "forvaltning": world.bup.pk}).status_code == 404
    unit = client.get(reverse("followup:dashboard"), {**Y2025, "enhet": world.school_unit.pk})
    assert unit.status_code == 200
    assert client.get(reverse("followup:dashboard"), {"enhet": world.bup_unit.pk}).status_code == 404
    assert client.get(reverse("followup:dashboard"), {"huvudman": world.bup.principal_id}).status_code == 404


@pytest.mark.parametrize("viewer", ["kim", "bo", "ada", "rut"])
def test_staff_who_do_not_follow_up_get_a_404(world, signed_in, viewer):
    client = signed_in(getattr(world, viewer))
    for name in ("followup:dashboard", "followup:report", "followup:report_csv"):
        assert client.get(reverse(name)).status_code == 404
    assert client.get(reverse("followup:definitions")).status_code == 200


def test_bad_periods_are_refused_in_swedish(world, signed_in):
    client = signed_in(world.rita)
    response = client.get(reverse("followup:dashboard"), {"fran": "2025-12-31", "till": "2025-01-01"})
    assert response.status_code == 400
    assert "Perioden måste sluta samma dag som den börjar eller senare." in response.content.decode()
    response = client.get(reverse("followup:dashboard"), {"fran": "2015-01-01", "till": "2025-01-01"})
    assert "Välj en period på högst fem år." in response.content.decode()
    assert client.get(reverse("followup:dashboard"), {"fran": "i går"}).status_code == 400
    assert client.get(reverse("followup:dashboard"), {"forvaltning": "skola"}).status_code == 400
    # An end alone before this year's first day (the default start) was a server error (found by schemathesis).
    response = client.get(reverse("followup:dashboard"), {"till": "2000-01-01"})
    assert response.status_code == 400
    assert "Perioden måste sluta samma dag som den börjar eller senare." in response.content.decode()
    assert client.get(reverse("followup:dashboard"), {"fran": "2031-01-01"}).status_code == 200


def test_the_period_is_set_against_the_one_before(world, signed_in):
    _sips(world, 9)
    _sips(world, 6, year=2024)
    body = signed_in(world.rita).get(reverse("followup:dashboard"), Y2025).content.decode()
    assert _figure(body, "sip.requested") == "9"
    assert "+3" in body  # 9 against 6


def test_a_target_is_shown_and_judged(world, signed_in):
    Target.objects.create(indicator="sip.requested", value=10, source="Intern kontrollplan 2025")
    _sips(world, 12)
    body = signed_in(world.rita).get(reverse("followup:dashboard"), Y2025).content.decode()
    assert "≥ 10" in body and "uppnått" in body


def test_the_dashboard_costs_the_same_whatever_the_data(world, steering, signed_in):
    client = signed_in(steering)
    url = reverse("followup:dashboard")
    client.get(url, Y2025)
    few = queries_of(lambda: client.get(url, Y2025))
    _sips(world, 30)
    AgencyFactory(principal=world.school.principal, name="Fritid", kind=Agency.Kind.OTHER)
    many = queries_of(lambda: client.get(url, Y2025))
    assert len(few) == len(many)
    # Two grouped statements per indicator (the period and the one before), and the page's own.
    assert len(many) <= 2 * len(registry.indicators()) + 12


def test_the_exports_carry_the_same_suppressed_figures(world, steering, signed_in):
    _sips(world, 12)
    _sips(world, 3, agency=world.bup)
    world.bup.principal.name = "=HYPERLINK(1)"
    world.bup.principal.save()
    client = signed_in(steering)
    response = client.get(reverse("followup:report_csv"), Y2025)
    assert response["Content-Disposition"].endswith('.csv"')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Område", "Indikator", "Nyckel", "Organisation", "Mått", "Period", "Värde"]
    requested = [r for r in rows if r[2] == "sip.requested" and r[5] == "2025-01-01–2025-12-31"]
    assert {(r[3], r[6]) for r in requested} == {
        ("Testby kommun", "dolt"),
        ("'=HYPERLINK(1)", "<5"),
        ("Totalt", "15"),
    }
    book = load_workbook(io.BytesIO(client.get(reverse("followup:report_xlsx"), Y2025).content))
    sheet = [list(r) for r in book.active.iter_rows(values_only=True)]
    assert sheet[0] == rows[0]
    totals = [r for r in sheet if r[2] == "sip.requested" and r[3] == "Totalt"]
    assert totals[0][6] == 15  # a number in Excel, not text
    assert not any(str(c).startswith("=") for r in sheet for c in r if c is not None)


def test_the_report_and_its_pdf(world, steering, signed_in):
    _sips(world, 12)
    client = signed_in(steering)
    page = client.get(reverse("followup:report"), Y2025).content.decode()
    assert "Rapporten till nämnden" in page and "Begärda SIP" in page and "Vad som räknas" in page
    pdf = client.get(reverse("followup:report_pdf"), Y2025)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_the_definitions_name_what_is_counted_and_the_owner(world, signed_in):
    body = signed_in(world.kim).get(reverse("followup:definitions")).content.decode()
    assert "Dagen då planen begärdes." in body and "Chefen för socialtjänstens mottagning" in body


def test_another_app_registers_an_indicator_of_its_own(world, signed_in):
    def counted(scope):
        return [registry.Tally(agency_id=world.school.pk, n=7)]

    registry.register(
        registry.Indicator(
            key="test.deviations",
            area="Avvikelser",
            label="Avvikelser rapporterade",
            kind=registry.Kind.COUNT,
            definition=registry.Definition("Avvikelser.", "Dagen de rapporterades."),
            owner="Styrgruppen",
            compute=counted,
        )
    )
    try:
        body = signed_in(world.rita).get(reverse("followup:dashboard"), Y2025).content.decode()
        assert "Avvikelser rapporterade" in body and _figure(body, "test.deviations") == "7"
    finally:
        registry.unregister("test.deviations")


def test_the_api_answers_with_the_same_suppressed_figures(world, steering, signed_in):
    _sips(world, 12)
    _sips(world, 3, agency=world.bup)
    client = signed_in(steering)
    answer = client.get(reverse("api:figures"), Y2025).json()
    requested = next(f for f in answer["figures"] if f["key"] == "sip.requested")
    assert requested["now"]["total"]["cells"] == [{"value": 15, "shown": "15"}]
    shown = {r["organisation"]: r["cells"][0] for r in requested["now"]["rows"]}
    assert shown["Region Testland"] == {"value": None, "shown": "<5"}
    assert shown["Testby kommun"]["value"] is None  # 12 would give the 3 away
    assert answer["small_count"] == 5
    assert signed_in(world.kim).get(reverse("api:figures")).status_code == 404
    assert client.get(reverse("api:figures"), {"fran": "2025-12-31", "till": "2025-01-01"}).status_code == 400
    assert client.get(reverse("api:figures"), {"till": "2000-01-01"}).status_code == 400


def test_a_figure_hidden_in_one_view_is_hidden_in_every_other(world, steering, signed_in):
    """15 in all, 3 of them the region's: the municipality's 12 is hidden among the principals,
    so it is hidden too where the municipality is shown alone, and where its school is, for the
    steering group and for the head teacher alike (else 15 - 12 = 3)."""
    _sips(world, 12)
    _sips(world, 3, agency=world.bup)
    client = signed_in(steering)
    principal = client.get(reverse("followup:dashboard"), {**Y2025, "huvudman": world.school.principal_id})
    assert _figure(principal.content.decode(), "sip.requested") == "dolt"
    agency = client.get(reverse("followup:dashboard"), {**Y2025, "forvaltning": world.school.pk})
    assert _figure(agency.content.decode(), "sip.requested") == "dolt"
    head = signed_in(world.rita).get(reverse("followup:dashboard"), Y2025).content.decode()
    assert _figure(head, "sip.requested") == "dolt"
