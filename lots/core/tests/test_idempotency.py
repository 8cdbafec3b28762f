"""`lots.core.idempotency`: a submission key makes one record, whoever and however it is sent
again. The rows made here are submission keys themselves, so that the mechanism is tested
without any app's model; the apps' own tests cover their forms (consent, plans, intake, API)."""

import threading
import time
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from lots.core.idempotency import Once, SubmissionKeyForm, once
from lots.core.models import SubmissionKey

pytestmark = pytest.mark.django_db


def made_by(user, key, *, scope="test.thing", note="made", calls=None):
    """`once` making a row (a SubmissionKey under another scope stands in for any record)."""

    def create():
        if calls is not None:
            calls.append(note)
        return SubmissionKey.objects.create(user=user, scope="test.made", key=uuid.uuid4().hex, result=note)

    return once(SubmissionKey, user_id=user.pk, scope=scope, key=key, create=create)


def test_the_same_key_again_is_the_first_record_and_nothing_is_made_twice(world):
    key, calls = uuid.uuid4().hex, []
    first = made_by(world.kim, key, calls=calls)
    again = made_by(world.kim, key, note="second", calls=calls)
    assert isinstance(first, Once) and first.created and not again.created
    assert again.value == first.value and again.value.result == "made"
    assert calls == ["made"], "the second submission made nothing"
    assert SubmissionKey.objects.filter(scope="test.made").count() == 1


def test_another_scope_or_another_user_is_another_submission(world):
    key = uuid.uuid4().hex
    kims = made_by(world.kim, key)
    other_plan = made_by(world.kim, key, scope="test.thing.2")
    monas = made_by(world.mona, key)
    assert other_plan.created and monas.created
    assert len({kims.value.pk, other_plan.value.pk, monas.value.pk}) == 3


def test_a_refused_submission_leaves_its_key_free(world):
    key = uuid.uuid4().hex

    def refused():
        SubmissionKey.objects.create(user=world.kim, scope="test.made", key=uuid.uuid4().hex)
        raise ValidationError("no")

    with pytest.raises(ValidationError):
        once(SubmissionKey, user_id=world.kim.pk, scope="test.thing", key=key, create=refused)
    assert not SubmissionKey.objects.exists(), "neither the claim nor what was written before the refusal"
    assert made_by(world.kim, key).created


def test_without_a_key_every_submission_makes_a_record(world):
    assert made_by(world.kim, "").created and made_by(world.kim, "").created
    assert SubmissionKey.objects.filter(scope="test.made").count() == 2
    assert not SubmissionKey.objects.filter(scope="test.thing").exists()


def test_a_malformed_key_is_refused_before_anything_is_made(world):
    calls = []
    with pytest.raises(ValidationError, match="skadat"):
        made_by(world.kim, "<script>" * 3, calls=calls)
    assert calls == [] and not SubmissionKey.objects.exists()


def test_a_key_whose_record_is_gone_is_refused_not_made_again(world):
    key = uuid.uuid4().hex
    made_by(world.kim, key).value.delete()
    with pytest.raises(ValidationError, match="redan skickats"):
        made_by(world.kim, key)


@pytest.mark.parametrize(
    ("key", "valid"), [("", True), ("6abeb61432cf449caa5ed8eebf11fdbe", True), ("short", False), ("ö" * 20, False)]
)
def test_the_form_field_refuses_a_malformed_key(key, valid):
    form = SubmissionKeyForm({"submission_key": key})
    assert form.is_valid() is valid
    assert (
        SubmissionKeyForm().fields["submission_key"].initial() != SubmissionKeyForm().fields["submission_key"].initial()
    )


@pytest.mark.django_db(transaction=True)
def test_two_submissions_at_the_same_instant_make_one_record(world):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL's concurrent transactions")
    key, calls, answers = uuid.uuid4().hex, [], []
    barrier = threading.Barrier(2)

    def submit(note):
        def slow_create():
            calls.append(note)
            time.sleep(0.3)  # the first is still making its record when the second claims the key
            return SubmissionKey.objects.create(user=world.kim, scope="test.made", key=uuid.uuid4().hex, result=note)

        barrier.wait()
        try:
            answers.append(once(SubmissionKey, user_id=world.kim.pk, scope="test.thing", key=key, create=slow_create))
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(n,)) for n in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1 and sorted(a.created for a in answers) == [False, True]
    assert answers[0].value == answers[1].value
    assert SubmissionKey.objects.filter(scope="test.made").count() == 1
