"""Property-based tests of the consent rules: whatever the answers, ages and dates, the
policy opens a record across a secrecy border exactly when the rules say it should."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lots.access import policy, services
from lots.access.models import Consent
from lots.access.policy import RecordPolicy
from lots.access.secrecy import InformationKind, Purpose
from lots.people.models import Child, Relationship

ANSWERS = st.sampled_from(["none", "agrees", "refuses"])


class Rollback(Exception):
    pass


@pytest.fixture
def shared(world):
    """A record owned by social services (Sam's domain) about Elin; Bo reads it from BUP."""
    saved = policy._REGISTRY[Consent]
    policy._REGISTRY[Consent] = RecordPolicy(
        child="child",
        domain="recorded_in",
        information_kind=InformationKind.SOCIAL,
        purpose=Purpose.SIP,
    )
    record = Consent.objects.create(
        child=world.elin,
        purpose=Purpose.NAMED_EXCHANGE,
        information_kinds=1,
        form="digital",
        noted_by=world.sam,
        recorded_in=world.social,
        effective_at=timezone.now(),
    )
    yield record
    policy._REGISTRY[Consent] = saved


def expected_active(*, age, guardians, answers, child_answer, ground, withdrawn, expired):
    if withdrawn or expired:
        return False
    if age >= 18:
        return child_answer == "agrees"
    given_answers = [a for a in answers if a != "none"]
    if "refuses" in given_answers:
        return False
    if ground:
        return "agrees" in given_answers
    return guardians > 0 and all(a == "agrees" for a in answers)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    age=st.sampled_from([9, 15, 17, 18, 19]),
    guardians=st.integers(min_value=0, max_value=2),
    answers=st.lists(ANSWERS, min_size=2, max_size=2),
    child_answer=ANSWERS,
    ground=st.sampled_from(["", "Den andra vårdnadshavaren kan inte nås; beslut av enhetschef."]),
    withdrawn=st.booleans(),
    expired=st.booleans(),
    covers_social=st.booleans(),
)
def test_a_consent_opens_the_border_exactly_when_the_rules_say(
    world, shared, age, guardians, answers, child_answer, ground, withdrawn, expired, covers_social
):
    answers = answers[:guardians]
    kim = world.actor(world.kim)
    try:
        with transaction.atomic():
            born = timezone.localdate() - dt.timedelta(days=365 * age + 30)
            Child.objects.filter(pk=world.elin.pk).update(date_of_birth=born)
            child = Child.objects.get(pk=world.elin.pk)
            Relationship.objects.filter(child=child).exclude(person__in=[world.gun, world.gert][:guardians]).delete()
            people = [world.gun, world.gert][:guardians]
            parties = [
                services.PartyInput(guardian=person, agrees=answer == "agrees")
                for person, answer in zip(people, answers, strict=True)
                if answer != "none"
            ]
            if child_answer != "none":
                parties.append(services.PartyInput(guardian=None, agrees=child_answer == "agrees"))
            kinds = InformationKind.SOCIAL | InformationKind.PLAN if covers_social else InformationKind.PLAN
            consent = services.record_consent(
                actor=kim,
                child=child,
                purpose=Purpose.SIP,
                agencies=[
                    services.AgencyScope(agency=world.social),
                    services.AgencyScope(agency=world.bup),
                ],
                information_kinds=int(kinds),
                form=Consent.Form.IN_MEETING,
                parties=parties,
                single_guardian_ground=ground,
            )
            if withdrawn:
                services.withdraw_consent(actor=kim, consent=consent, withdrawn_by_name="Vårdnadshavare")
            if expired:
                Consent.objects.filter(pk=consent.pk).update(valid_until=timezone.now() - dt.timedelta(minutes=1))
            ground_seen = policy.can(world.actor(world.bo), "view", shared)
            active = expected_active(
                age=age,
                guardians=guardians,
                answers=answers,
                child_answer=child_answer,
                ground=ground,
                withdrawn=withdrawn,
                expired=expired,
            )
            assert (ground_seen == policy.Ground.CONSENT) == (active and covers_social)
            assert Consent.objects.get(pk=consent.pk).is_active() == active
            raise Rollback
    except Rollback:
        pass
