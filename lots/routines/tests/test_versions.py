"""Drafting, editing, publishing and acknowledging routine versions."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from lots.notifications.models import Notification
from lots.routines.models import Acknowledgement, RoutineVersion, VersionStatus
from lots.routines.services import journeys, versions
from lots.routines.services.versions import NextStep


def test_a_draft_copies_the_last_version(world, absence):
    draft = versions.draft_version(actor=world.actor(world.rita), routine=absence.routine)
    assert draft.number == absence.number + 1 and draft.status == VersionStatus.DRAFT
    assert [s.key for s in draft.steps.all()] == [s.key for s in absence.steps.all()]
    first = draft.steps.get(key="kartlagg")
    assert [b.to_step.key for b in first.branches.all()] == ["mote"]
    assert first.branches.get().to_step.version_id == draft.pk
    assert versions.draft_version(actor=world.actor(world.rita), routine=absence.routine) == draft


def test_only_editors_draft(world, absence):
    with pytest.raises(PermissionDenied):
        versions.draft_version(actor=world.actor(world.kim), routine=absence.routine)


def test_a_step_that_breaks_the_graph_is_refused_naming_it(world, absence):
    draft = versions.draft_version(actor=world.actor(world.rita), routine=absence.routine)
    plan = draft.steps.get(key="plan")
    with translation.override("en"), pytest.raises(ValidationError) as error:
        versions.save_step(
            actor=world.actor(world.rita),
            version=draft,
            step=plan,
            key="plan",
            title="Åtgärdsplan",
            agency_kind="school",
            next_steps=[NextStep("mote")],
        )
    assert "Åtgärdsplan" in " ".join(error.value.messages) and "loop" in " ".join(error.value.messages)
    assert not plan.branches.exists()
    with pytest.raises(ValidationError) as error:
        versions.save_step(
            actor=world.actor(world.rita),
            version=draft,
            key="ny",
            title="Nytt steg",
            agency_kind="school",
            next_steps=[NextStep("saknas")],
        )
    assert "saknas" in " ".join(error.value.messages)
    assert not draft.steps.filter(key="ny").exists()


def test_a_loop_with_a_way_out_and_a_condition_is_saved(world, absence):
    draft = versions.draft_version(actor=world.actor(world.rita), routine=absence.routine)
    versions.save_step(
        actor=world.actor(world.rita),
        version=draft,
        step=draft.steps.get(key="mote"),
        key="mote",
        title="Möte",
        agency_kind="school",
        deadline_days=3,
        deadline_kind="working",
        relative_to="kartlagg",
        next_steps=versions.parse_next("om frånvaron fortsätter: plan\nkartlagg"),
    )
    mote = draft.steps.get(key="mote")
    assert mote.relative_to.key == "kartlagg"
    assert [(b.condition, b.to_step.key) for b in mote.branches.all()] == [
        ("om frånvaron fortsätter", "plan"),
        ("", "kartlagg"),
    ]


def test_publishing_supersedes_and_asks_staff_to_read(world, absence, django_capture_on_commit_callbacks):
    journey = journeys.start_journey(actor=world.actor(world.kim), child=world.elin, version=absence)
    draft = versions.draft_version(actor=world.actor(world.rita), routine=absence.routine)
    with django_capture_on_commit_callbacks(execute=True):
        versions.publish(actor=world.actor(world.rita), version=draft)
    absence.refresh_from_db()
    assert absence.status == VersionStatus.SUPERSEDED
    assert RoutineVersion.objects.get(pk=draft.pk).status == VersionStatus.PUBLISHED
    told = set(Notification.objects.filter(kind="routines.published").values_list("recipient__username", flat=True))
    assert told == {"kim", "rita"}
    journey.refresh_from_db()
    assert journey.version_id == absence.pk
    assert {js.step.version_id for js in journey.steps.all()} == {absence.pk}


def test_publishing_twice_is_refused(world, absence):
    with pytest.raises(ValidationError):
        versions.publish(actor=world.actor(world.rita), version=absence)


def test_acknowledging_once(world, absence):
    versions.acknowledge(actor=world.actor(world.kim), version=absence)
    versions.acknowledge(actor=world.actor(world.kim), version=absence)
    assert Acknowledgement.objects.filter(user=world.kim, version=absence).count() == 1
    draft = versions.draft_version(actor=world.actor(world.rita), routine=absence.routine)
    with pytest.raises(ValidationError):
        versions.acknowledge(actor=world.actor(world.kim), version=draft)


def test_a_step_others_lead_to_cannot_be_removed_until_they_no_longer_do(world, absence):
    draft = versions.draft_version(actor=world.actor(world.rita), routine=absence.routine)
    with translation.override("sv"), pytest.raises(ValidationError) as error:
        versions.delete_step(actor=world.actor(world.rita), step=draft.steps.get(key="plan"))
    assert "leder till ett steg ”plan” som inte finns" in " ".join(error.value.messages)
    versions.save_step(
        actor=world.actor(world.rita),
        version=draft,
        step=draft.steps.get(key="mote"),
        key="mote",
        title="Möte",
        agency_kind="school",
    )
    versions.delete_step(actor=world.actor(world.rita), step=draft.steps.get(key="plan"))
    assert list(draft.steps.values_list("key", flat=True)) == ["kartlagg", "mote"]
