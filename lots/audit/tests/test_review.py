import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from lots.audit import services
from lots.audit.models import AuditEntry, Flag, Review
from lots.organisations.roles import Role
from lots.organisations.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_only_auditors_review_the_log(world, signed_in):
    assert signed_in(world.kim).get(reverse("audit:review")).status_code == 403
    assert signed_in(world.ada).get(reverse("audit:review")).status_code == 200


def test_search_by_person_finds_who_opened_the_child_and_is_itself_logged(world, signed_in):
    signed_in(world.kim).get(reverse("people:child", args=[world.elin.pk]))
    response = signed_in(world.ada).post(reverse("audit:review"), {"identity_number": world.elin.display_number})
    entries = response.context["entries"]
    # The child's page and, on it, who works around the child (the assignments panel, a list).
    assert [(e.username, e.action) for e in entries] == [(world.kim.username, "list"), (world.kim.username, "view")]
    assert world.elin.display_number in response.content.decode()
    assert AuditEntry.objects.filter(action="log_review", user_id=world.ada.pk).exists()


def test_search_by_staff_member_and_period(world, signed_in):
    signed_in(world.kim).get(reverse("people:child", args=[world.elin.pk]))
    signed_in(world.mona).get(reverse("people:child", args=[world.elin.pk]))
    today = timezone.localdate()
    response = signed_in(world.ada).post(
        reverse("audit:review"), {"username": world.mona.username, "since": today, "until": today}
    )
    assert {e.username for e in response.context["entries"]} == {world.mona.username}


def test_an_empty_search_is_refused_with_a_message(world, signed_in):
    response = signed_in(world.ada).post(reverse("audit:review"), {})
    assert "Sök på person" in response.content.decode()


def test_the_auditor_sees_only_their_own_principals_log(world, signed_in):
    signed_in(world.bo).get(reverse("people:child", args=[world.elin.pk]))  # BUP belongs to the region
    response = signed_in(world.ada).post(reverse("audit:review"), {"identity_number": world.elin.display_number})
    assert response.context["entries"] == []


def test_flagged_report_and_marking_reviewed(world, signed_in):
    today = timezone.localdate()
    saturday = today - dt.timedelta(days=(today.weekday() - 5) % 7 or 7)  # the last one, Kim assigned then
    with time_machine.travel(dt.datetime(saturday.year, saturday.month, saturday.day, 22, 30, tzinfo=dt.UTC)):
        signed_in(world.kim).get(reverse("people:child", args=[world.saga.pk]))  # protected identity
    client = signed_in(world.ada)
    span = {
        "since": f"{saturday - dt.timedelta(days=1):%Y-%m-%d}",
        "until": f"{saturday + dt.timedelta(days=2):%Y-%m-%d}",
    }
    report = client.get(reverse("audit:flagged"), span)
    rows = report.context["rows"]
    saga_rows = [r for r in rows if r.child_id == world.saga.pk]
    assert saga_rows
    flags = saga_rows[0].flags
    assert flags & Flag.PROTECTED_IDENTITY and flags & Flag.OUTSIDE_WORKING_HOURS
    response = client.post(
        reverse("audit:mark_reviewed"),
        {"entries": [saga_rows[0].pk], "comment": "Kurator med uppdrag; jour."},
    )
    assert response.status_code == 302
    assert Review.objects.get().entry_id == saga_rows[0].pk


def test_many_persons_in_a_short_time_is_reported(world, signed_in):
    actor = world.actor(world.kim)
    services.record(
        actor,
        [
            services.Access(action="view", record_type="people.child", record_id=str(i), child_id=10_000 + i)
            for i in range(35)
        ],
    )
    today = timezone.localdate()
    report = signed_in(world.ada).get(reverse("audit:flagged"), {"since": today, "until": today})
    assert [(b.username, b.persons) for b in report.context["bursts"]] == [(world.kim.username, 35)]


def test_same_surname_is_flagged(world):
    from lots.organisations.models import User

    User.objects.filter(pk=world.kim.pk).update(last_name="Berg")
    world.kim.refresh_from_db()
    (row,) = services.record(
        world.actor(world.kim),
        [
            services.Access(
                action="view",
                record_type="people.child",
                record_id="1",
                child_id=1,
                child_last_name="Berg",
            )
        ],
    )
    assert row.flags & Flag.SAME_SURNAME


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_a_date_at_the_end_of_the_calendar_is_refused_not_a_server_error(world, signed_in, day):
    """Found by the bad-input fuzzing: the last day of year 9999 overflowed turning into a moment."""
    client = signed_in(world.ada)
    response = client.post(reverse("audit:review"), {"since": day, "until": day})
    assert response.status_code in (200, 400)
    assert "2000" in response.content.decode()
    response = client.get(reverse("audit:flagged"), {"since": day, "until": day})
    assert response.status_code in (200, 400)


def test_a_long_search_is_shown_fifty_at_a_time_and_continues_with_older_accesses(world, signed_in):
    from lots.audit.selectors import PAGE_SIZE

    reads = [
        services.Access(action="view", record_type="people.child", record_id=str(n), child_id=world.elin.pk)
        for n in range(PAGE_SIZE + 5)
    ]
    for access in reads:  # one transaction each, as separate page views would be
        services.record(world.actor(world.kim), [access])
    auditor = signed_in(world.ada)
    search = {"identity_number": world.elin.display_number}
    first = auditor.post(reverse("audit:review"), search)
    shown = [int(e.record_id) for e in first.context["entries"]]
    assert shown == list(range(PAGE_SIZE + 4, 4, -1)) and first.context["has_older"]
    assert "Visa äldre åtkomster" in first.content.decode()

    older = first.context["older"]
    second = auditor.post(
        reverse("audit:review"), {**search, "older_than_at": older["at"], "older_than_id": older["id"]}
    )
    assert [int(e.record_id) for e in second.context["entries"]] == [4, 3, 2, 1, 0]
    assert not second.context["has_older"]
    assert AuditEntry.objects.filter(action="log_review", user_id=world.ada.pk).count() == 2


def test_a_half_continuation_is_refused_not_guessed(world, signed_in):
    response = signed_in(world.ada).post(
        reverse("audit:review"), {"identity_number": world.elin.display_number, "older_than_id": "7"}
    )
    assert response.context["entries"] is None
    assert "Listan kunde inte fortsättas" in response.content.decode()
    assert not AuditEntry.objects.filter(action="log_review").exists()


def test_nobody_reviews_their_own_access_it_is_neither_offered_nor_accepted(world, signed_in):
    """Ada the auditor opens Saga (protected identity: a flagged row of her own). Her flagged report
    shows it but offers no box for it, and marking it reviewed anyway is refused; another auditor may."""
    services.record(
        world.actor(world.ada),
        [services.Access(action="view", record_type="people.child", record_id="1", protected_identity=True)],
    )
    own = AuditEntry.objects.get(user_id=world.ada.pk, flags__gt=0, action="view")
    client = signed_in(world.ada)
    report = client.get(reverse("audit:flagged"))
    assert own.pk in [r.pk for r in report.context["rows"]]
    assert str(own.pk) not in dict(report.context["review_form"].fields["entries"].choices)
    assert f'value="{own.pk}"' not in report.content.decode()
    assert "Din egen: en annan granskare granskar den" in report.content.decode()

    response = client.post(reverse("audit:mark_reviewed"), {"entries": [own.pk], "comment": "Min egen."}, follow=True)
    assert "Du granskar inte din egen åtkomst: det gör en annan granskare." in response.content.decode()
    assert not Review.objects.exists()

    other = UserFactory(username="alva", last_name="Granskardotter")
    MembershipFactory(user=other, unit=world.membership(world.ada).unit, role=Role.AUDITOR)
    signed_in(other).post(reverse("audit:mark_reviewed"), {"entries": [own.pk], "comment": "Granskad av Alva."})
    assert Review.objects.get().entry_id == own.pk
    logged = AuditEntry.objects.filter(user_id=other.pk, action="log_review", detail=f"marked reviewed: {own.pk}")
    assert logged.exists()


def test_a_review_that_cannot_be_saved_keeps_the_comment_and_the_choice(world, signed_in):
    services.record(
        world.actor(world.kim),
        [services.Access(action="view", record_type="people.child", record_id="1", protected_identity=True)],
    )
    flagged = AuditEntry.objects.get(user_id=world.kim.pk, flags__gt=0)
    client = signed_in(world.ada)
    today = timezone.localdate().isoformat()
    response = client.post(
        reverse("audit:mark_reviewed"), {"comment": "Kurator <med> uppdrag.", "since": today, "until": today}
    )
    page = response.content.decode()
    assert response.status_code == 400 and not Review.objects.exists()
    assert "Välj minst en åtkomst i tabellen." in page and "Kurator &lt;med&gt; uppdrag." in page
    response = client.post(reverse("audit:mark_reviewed"), {"entries": [flagged.pk], "comment": ""})
    assert (
        response.status_code == 400
        and f'value="{flagged.pk}" id="entry-{flagged.pk}" form="review-form" checked' in (response.content.decode())
    )
    done = client.post(
        reverse("audit:mark_reviewed"), {"entries": [flagged.pk], "comment": "Ok.", "since": today, "until": today}
    )
    assert done.status_code == 302 and done["Location"] == f"{reverse('audit:flagged')}?since={today}&until={today}"
    assert Review.objects.get().entry_id == flagged.pk
