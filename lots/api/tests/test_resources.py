"""Resources as the pages show them: who sees which child, plan, consent and report; protected
identity withheld; cursor pages in a constant number of queries; Idempotency-Key on POST."""

import pytest
from django.urls import reverse
from django.utils import timezone

from lots.access.tests.factories import AssignmentFactory, ConsentFactory
from lots.catalogue.tests.factories import InterventionFactory
from lots.core.testing import queries_of
from lots.intake.models import ConcernReport, GuardiansInformed, Violence
from lots.intake.tests.factories import ConcernReportFactory
from lots.people.tests.factories import ChildFactory
from lots.plans.tests.factories import SipActionFactory, elins_sip

pytestmark = pytest.mark.django_db


def _h(made):
    return {k: v for k, v in made.items() if k != "token"}


def test_the_plan_shows_what_the_consent_lets_reach_the_caller(world, client, bearer):
    sip = elins_sip(world, established=True)
    SipActionFactory(sip=sip, owner_agency=world.bup, written_by=world.bo, what="BUP:s utredning")
    for user, status in [(world.kim, 200), (world.bo, 200), (world.berit, 404), (world.tor, 404)]:
        response = client.get(reverse("api:sip", args=[sip.pk]), **_h(bearer(user)))
        assert response.status_code == status, user
    body = client.get(reverse("api:sip", args=[sip.pk]), **_h(bearer(world.kim))).json()
    assert "BUP:s utredning" in [a["what"] for a in body["actions"]]
    assert body["child"] == {"id": world.elin.pk, "name": "Elin Berg"}
    assert {p["name"] for p in body["participants"]} >= {"Kim Kuratorsson"}


def test_a_protected_childs_location_is_withheld_unless_cleared(world, client, bearer):
    kim = client.get(reverse("api:child", args=[world.saga.pk]), **_h(bearer(world.kim))).json()
    assert kim["first_name"] == "Saga"
    assert kim["street_address"] is None and kim["school"] is None
    assert set(kim["withheld"]) == {"street_address", "postal_code", "city", "school"}
    rita = client.get(reverse("api:child", args=[world.saga.pk]), **_h(bearer(world.rita))).json()
    assert rita["street_address"] == world.saga.street_address
    assert rita["withheld"] == []


def test_consents_of_the_child(world, client, bearer):
    consent = ConsentFactory(child=world.elin, recorded_in=world.school, agencies=[world.school, world.bup])
    listed = client.get(reverse("api:child_consents", args=[world.elin.pk]), **_h(bearer(world.kim))).json()
    assert [c["id"] for c in listed] == [consent.pk]
    one = client.get(reverse("api:consent", args=[consent.pk]), **_h(bearer(world.bo))).json()
    assert {a["agency"] for a in one["agencies"]} == {"Utbildning", "BUP"}
    assert client.get(reverse("api:consent", args=[consent.pk]), **_h(bearer(world.sam))).status_code == 404


def _pages(client, headers, url, page_size):
    ids, pages = [], 0
    while url:
        body = client.get(url, {"page_size": page_size} if pages == 0 else {}, **headers).json()
        ids += [row["id"] for row in body["results"]]
        url, pages = body["next"], pages + 1
    return ids, pages


def test_cursor_pages_cover_the_list_once(world, client, bearer):
    for _ in range(6):
        AssignmentFactory(user=world.kim, unit=world.school_unit, child=ChildFactory(school_unit=world.school_unit))
    ids, pages = _pages(client, _h(bearer(world.kim)), reverse("api:children"), 3)
    assert len(ids) == len(set(ids)) == 8
    assert pages == 3
    assert ids == sorted(ids)


@pytest.mark.parametrize("url_name", ["api:children", "api:sips", "api:concern_reports", "api:interventions"])
def test_a_list_costs_the_same_queries_for_one_row_or_many(world, client, bearer, url_name):
    headers = _h(bearer(world.kim))

    def add_rows(n):
        for _ in range(n):
            child = ChildFactory(school_unit=world.school_unit)
            AssignmentFactory(user=world.kim, unit=world.school_unit, child=child)
            InterventionFactory(agency=world.school, published=True)
            ConsentFactory(child=child, recorded_in=world.school, agencies=[world.school])
            elins_sip(world, consent=None)
            ConcernReportFactory(
                receiving_agency=world.social, receiving_unit=world.reception_unit, reporter=world.kim, child=child
            )

    add_rows(1)
    client.get(reverse(url_name), **headers)  # the token's first use is noted once
    few = len(queries_of(lambda: client.get(reverse(url_name), **headers)))
    add_rows(10)
    many = len(queries_of(lambda: client.get(reverse(url_name), **headers)))
    assert few == many
    assert len(client.get(reverse(url_name), **headers).json()["results"]) >= 11


def _report(world, **changes):
    return {
        "receiving_agency": world.social.pk,
        "observed": "Noah säger att han inte vill gå hem.",
        "observed_on": timezone.localdate().isoformat(),
        "violence": Violence.NONE,
        "guardians_informed": GuardiansInformed.YES,
        "child_name": "Noah Testsson",
        "reporter_name": "Mona Mentorsson",
        "reporter_email": "mona@example.org",
        **changes,
    }


def test_a_reporter_files_a_report_once_per_idempotency_key(world, client, bearer):
    headers = {**_h(bearer(world.mona)), "HTTP_IDEMPOTENCY_KEY": "a" * 32}
    first = client.post(reverse("api:concern_reports"), _report(world), content_type="application/json", **headers)
    again = client.post(reverse("api:concern_reports"), _report(world), content_type="application/json", **headers)
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert again["Idempotent-Replayed"] == "true"
    assert ConcernReport.objects.count() == 1
    mine = client.get(reverse("api:concern_report", args=[first.json()["id"]]), **_h(bearer(world.mona))).json()
    assert mine["feedback"] == ""
    other = client.get(reverse("api:concern_report", args=[first.json()["id"]]), **_h(bearer(world.kim)))
    assert other.status_code == 404


def test_a_report_by_identity_number_returns_no_name_the_reporter_did_not_write(world, client, bearer):
    headers = {**_h(bearer(world.tor)), "HTTP_IDEMPOTENCY_KEY": "b" * 32}
    report = _report(world, child_name="", identity_number=world.saga.identity_number)
    filed = client.post(reverse("api:concern_reports"), report, content_type="application/json", **headers)
    assert filed.status_code == 201 and filed.json()["child_name"] == ""
    assert ConcernReport.objects.get().child == world.saga
    for url in (reverse("api:concern_reports"), reverse("api:concern_report", args=[filed.json()["id"]])):
        body = client.get(url, **_h(bearer(world.tor))).content.decode()
        assert "Saga" not in body and "Nyström" not in body, url


def test_the_reporter_asks_for_feedback_after_filing_and_only_once(world, client, bearer):
    report = ConcernReportFactory(
        receiving_agency=world.social,
        receiving_unit=world.reception_unit,
        reporter=world.mona,
        feedback_requested=False,
    )
    url = reverse("api:concern_report_feedback_request", args=[report.pk])
    assert client.post(url, **_h(bearer(world.kim))).status_code == 404
    asked = client.post(url, **_h(bearer(world.mona)))
    assert asked.status_code == 200 and asked.json()["feedback_requested"] is True
    again = client.post(url, **_h(bearer(world.mona)))
    assert again.status_code == 400
    assert "Du har redan begärt återkoppling" in again.content.decode()
    assert report.events.filter(kind="feedback_requested").count() == 1


def test_a_malformed_idempotency_key_is_a_problem_naming_the_header(world, client, bearer):
    headers = {**_h(bearer(world.mona)), "HTTP_IDEMPOTENCY_KEY": "short"}
    response = client.post(reverse("api:concern_reports"), _report(world), content_type="application/json", **headers)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "Idempotency-Key"


def test_published_interventions_need_no_token(world, client):
    shown = InterventionFactory(agency=world.social, published=True, name="Föräldrastöd")
    hidden = InterventionFactory(agency=world.social, published=False)
    listed = client.get(reverse("api:interventions")).json()["results"]
    assert [e["id"] for e in listed] == [shown.pk]
    assert client.get(reverse("api:intervention", args=[hidden.pk])).status_code == 404


def test_interventions_filter_by_agency_and_need(world, client):
    from lots.catalogue.tests.factories import NeedTagFactory

    need = NeedTagFactory(slug="sleep", name="Sömn")
    social = InterventionFactory(agency=world.social, published=True, needs=[need])
    InterventionFactory(agency=world.school, published=True)
    by_agency = client.get(reverse("api:interventions"), {"agency": world.social.pk}).json()["results"]
    by_need = client.get(reverse("api:interventions"), {"need": "sleep"}).json()["results"]
    assert [e["id"] for e in by_agency] == [e["id"] for e in by_need] == [social.pk]
    assert by_need[0]["needs"] == ["sleep"]
