"""Who may change the catalogue, versions, optimistic locking, the review flag, profiles."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lots.catalogue import permissions, services
from lots.catalogue.models import Intervention, InterventionVersion
from lots.catalogue.tasks import flag_due_entries
from lots.catalogue.tests.factories import EditorGrantFactory, InterventionFactory, NeedTagFactory
from lots.notifications.models import Notification
from lots.organisations.tests.factories import UnitFactory

DATA = {"name": "Föräldragrupp", "summary": "En grupp för föräldrar.", "access_route": "free", "languages": ["sv"]}


def test_an_editor_keeps_only_their_own_agencys_entries(world, sam_edits):
    entry = services.create_intervention(actor=sam_edits, agency=world.social, data=DATA)
    assert entry.version == 1 and entry.languages == ",sv,"
    with pytest.raises(PermissionDenied):
        services.create_intervention(actor=sam_edits, agency=world.school, data=DATA)
    with pytest.raises(PermissionDenied):
        services.create_intervention(actor=world.actor(world.kim), agency=world.social, data={**DATA, "name": "X"})


def test_a_grant_counts_only_while_acting_in_the_agency(world):
    EditorGrantFactory(user=world.kim, agency=world.social)
    assert not permissions.may_edit(world.actor(world.kim), world.social.pk)


def test_an_administrator_keeps_every_agency_of_their_principal(world, admin_actor):
    assert permissions.may_edit(admin_actor, world.school.pk)
    assert permissions.may_edit(admin_actor, world.social.pk)
    assert not permissions.may_edit(admin_actor, world.bup.pk), "the region is another principal"


def test_each_change_is_a_version_saying_who_when_what(world, sam_edits):
    need = NeedTagFactory(slug="parenting")
    entry = services.create_intervention(actor=sam_edits, agency=world.social, data={**DATA, "needs": [need]})
    services.update_intervention(actor=sam_edits, intervention=entry, data={"cost": "Gratis"}, expected_version=1)
    first, second = InterventionVersion.objects.filter(intervention=entry).order_by("number")
    assert (first.number, first.change, first.changed_by) == (1, "created", world.sam)
    assert first.snapshot["needs"] == ["parenting"]
    assert (second.number, second.change, second.changed_fields) == (2, "changed", ["cost"])
    assert second.snapshot["cost"] == "Gratis"


def test_a_concurrent_edit_is_refused(world, sam_edits):
    entry = services.create_intervention(actor=sam_edits, agency=world.social, data=DATA)
    services.update_intervention(actor=sam_edits, intervention=entry, data={"cost": "Gratis"}, expected_version=1)
    with pytest.raises(ValidationError) as refused:
        services.update_intervention(actor=sam_edits, intervention=entry, data={"cost": "100 kr"}, expected_version=1)
    assert "version" in refused.value.message_dict
    assert Intervention.objects.get(pk=entry.pk).cost == "Gratis"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": ""}, "name"),
        ({"summary": ""}, "summary"),
        ({"access_route": "by_magic"}, "access_route"),
        ({"age_min": 12, "age_max": 6}, "age_max"),
        ({"age_max": 40}, "age_max"),
        ({"languages": ["xx"]}, "languages"),
        ({"name": "x" * 201}, "name"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(world, sam_edits, data, field):
    with pytest.raises(ValidationError) as refused:
        services.create_intervention(actor=sam_edits, agency=world.social, data={**DATA, **data})
    assert field in refused.value.message_dict
    assert not Intervention.objects.exists()


def test_a_unit_of_another_agency_is_refused(world, sam_edits):
    with pytest.raises(ValidationError) as refused:
        services.create_intervention(actor=sam_edits, agency=world.social, data={**DATA, "unit": world.school_unit})
    assert "unit" in refused.value.message_dict


def test_a_double_submit_creates_one_entry(world, sam_edits):
    services.create_intervention(actor=sam_edits, agency=world.social, data=DATA)
    with pytest.raises(ValidationError):
        services.create_intervention(actor=sam_edits, agency=world.social, data={**DATA, "name": "föräldragrupp"})
    assert Intervention.objects.count() == 1


def test_marking_reviewed_restarts_the_clock(world, sam_edits):
    entry = InterventionFactory(agency=world.social, review_due=True)
    reviewed = services.mark_reviewed(actor=sam_edits, intervention=entry, expected_version=entry.version)
    assert reviewed.reviewed_at > services.review_due_before()
    assert reviewed.versions.get().change == "reviewed"
    with pytest.raises(PermissionDenied):
        services.mark_reviewed(actor=world.actor(world.kim), intervention=entry, expected_version=reviewed.version)


def test_an_entry_unreviewed_for_a_year_is_flagged_to_its_owner_once(world, sam_edits, admin_actor):
    due = InterventionFactory(agency=world.social, review_due=True)
    InterventionFactory(agency=world.social)  # reviewed recently
    InterventionFactory(agency=world.social, review_due=True, withdrawn=True)
    school_due = InterventionFactory(agency=world.school, review_due=True)  # no editor: the administrator
    assert flag_due_entries() == 2
    sams = Notification.objects.get(recipient=world.sam)
    assert (sams.kind, sams.url) == ("catalogue.review_due", f"/katalog/{due.pk}/")
    assert Notification.objects.get(recipient=admin_actor.user).url == f"/katalog/{school_due.pk}/"
    assert flag_due_entries() == 0, "once per entry and review"
    later = timezone.now() + dt.timedelta(days=400)
    services.mark_reviewed(actor=sam_edits, intervention=due, expected_version=due.version)
    assert flag_due_entries(now=later) == 2, "flagged again a year after the review"


def test_a_profile_is_kept_by_the_agencys_editor(world, sam_edits):
    profile = services.update_profile(
        actor=sam_edits,
        agency=world.social,
        data={"mission": "Stöd och skydd.", "sip_contact": "Mottagningen"},
        forum_seats=[("BUS", "Enhetschef"), ("", "")],
    )
    assert [(s.forum, s.representative) for s in profile.forum_seats.all()] == [("BUS", "Enhetschef")]
    with pytest.raises(ValidationError):
        services.update_profile(actor=sam_edits, agency=world.social, data={"mission": ""})
    with pytest.raises(ValidationError):
        services.update_profile(actor=sam_edits, agency=world.social, data={"mission": "x"}, forum_seats=[("BUS", "")])
    with pytest.raises(PermissionDenied):
        services.update_profile(actor=sam_edits, agency=world.school, data={"mission": "x"})


def test_unit_of_finds_units_by_name(world):
    UnitFactory(agency=world.social, name="Fältgruppen")
    assert services.unit_of(world.social, "fältgruppen").name == "Fältgruppen"
    assert services.unit_of(world.social, "") is None


def test_the_admin_refuses_a_grant_to_someone_outside_the_agency(world):
    from lots.catalogue.admin import EditorGrantForm

    assert not EditorGrantForm({"user": world.kim.pk, "agency": world.social.pk}).is_valid()
    assert EditorGrantForm({"user": world.sam.pk, "agency": world.social.pk}).is_valid()


def test_the_daily_scan_command(world, sam_edits):
    from django.core.management import call_command

    InterventionFactory(agency=world.social, review_due=True)
    out = io.StringIO()
    call_command("catalogue_review_scan", "--now", stdout=out)
    assert out.getvalue().strip() == "1 notifications."
