"""Bad input against the forms of intake, plans and catalogue (the apps after the foundation):
never a server error, nothing saved on a refusal, the refusal shown. Same strategies as
test_bad_input.py."""

import uuid

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from lots.catalogue.tests.factories import InterventionFactory
from lots.intake.models import ConcernReport
from lots.plans.models import Sip, SipGoal
from lots.plans.tests.factories import agreement, elins_sip
from lots.security.tests.test_bad_input import FUZZ, NASTY_TEXT
from lots.security.tests.test_xss import signed_in

pytestmark = pytest.mark.django_db

APP_FUZZ = settings(FUZZ, max_examples=25)
DATES = st.one_of(st.just(""), NASTY_TEXT, st.dates().map(str))


def refused_and_nothing_saved(response, model, before: int) -> None:
    assert response.status_code in (200, 400), response.status_code
    assert model.objects.count() == before, "a refused form saves nothing"
    assert "errorlist" in response.content.decode(), "the refusal is shown"


def test_the_concern_report_form_never_fails(world):
    client = signed_in(world.mona)
    url = reverse("intake:report_new")

    @APP_FUZZ
    @given(
        observed=NASTY_TEXT,
        observed_on=DATES,
        violence=st.one_of(st.sampled_from(["none", "subjected", "witnessed", "both"]), NASTY_TEXT),
        informed=st.one_of(st.sampled_from(["yes", "no"]), NASTY_TEXT),
        reason=NASTY_TEXT,
        child=st.one_of(st.just(""), st.just(str(world.elin.pk)), NASTY_TEXT),
        number=NASTY_TEXT,
        name=NASTY_TEXT,
        email=NASTY_TEXT,
    )
    def report(observed, observed_on, violence, informed, reason, child, number, name, email):
        before = ConcernReport.objects.count()
        response = client.post(
            url,
            {
                "submission_key": uuid.uuid4().hex,
                "receiving_agency": str(world.social.pk),
                "child": child,
                "identity_number": number,
                "child_name": name,
                "observed": observed,
                "observed_on": observed_on,
                "violence": violence,
                "guardians_informed": informed,
                "guardians_not_informed_reason": reason,
                "reporter_name": name or "Mona",
                "reporter_email": email,
            },
        )
        if response.status_code == 302:
            assert ConcernReport.objects.count() == before + 1
            assert ConcernReport.objects.latest("pk").observed.strip() == observed.strip()
        else:
            refused_and_nothing_saved(response, ConcernReport, before)

    report()


def test_the_sip_request_and_goal_forms_never_fail(world):
    client = signed_in(world.kim)
    agreement(world)
    sip = elins_sip(world)

    @APP_FUZZ
    @given(reason=NASTY_TEXT, area=st.one_of(st.just("school"), NASTY_TEXT), kind=NASTY_TEXT, text=NASTY_TEXT)
    def forms(reason, area, kind, text):
        before = Sip.objects.count()
        response = client.post(
            reverse("plans:request", args=[world.elin.pk]), {"submission_key": uuid.uuid4().hex, "reason": reason}
        )
        if response.status_code != 302:
            refused_and_nothing_saved(response, Sip, before)
        goals = SipGoal.objects.count()
        response = client.post(
            reverse("plans:goal_new", args=[sip.pk]),
            {"submission_key": uuid.uuid4().hex, "area": area, "kind": kind or "child_goal", "text": text},
        )
        if response.status_code != 302:
            refused_and_nothing_saved(response, SipGoal, goals)

    forms()


def test_catalogue_searches_never_fail(world, client):
    InterventionFactory(agency=world.social, name="Familjebehandling")
    staff = signed_in(world.kim)

    @APP_FUZZ
    @given(
        q=NASTY_TEXT,
        needs=st.lists(NASTY_TEXT, max_size=3),
        age=st.one_of(NASTY_TEXT, st.integers(-(10**12), 10**12).map(str)),
        agency=NASTY_TEXT,
        route=NASTY_TEXT,
        language=NASTY_TEXT,
    )
    def search(q, needs, age, agency, route, language):
        query = {"q": q, "behov": needs, "alder": age, "verksamhet": agency, "vag": route, "sprak": language}
        assert client.get(reverse("catalogue:public_search"), query).status_code == 200
        assert staff.get(reverse("catalogue:search"), query).status_code == 200

    search()
