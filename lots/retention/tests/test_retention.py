"""Culling (gallring): per kind and principal, a dry-run report first, a record of what went."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from lots.access.models import Assignment, BreakGlass, Consent
from lots.access.tests.factories import AssignmentFactory, BreakGlassFactory, ConsentFactory
from lots.audit.models import AuditEntry
from lots.core.concurrency import ConcurrentChange
from lots.documents import store
from lots.documents.models import Document
from lots.documents.tests.factories import DocumentFactory
from lots.notifications.tests.factories import NotificationFactory
from lots.organisations.tests.factories import PrincipalFactory, UnitFactory
from lots.retention import registry, services
from lots.retention.models import CullRecord, CullRun, RetentionRule
from lots.retention.tests.factories import RetentionRuleFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def years_ago(years: float) -> dt.datetime:
    return NOW - dt.timedelta(days=round(365.25 * years))


def line(lines, key, principal=None):
    return next(x for x in lines if x.kind.key == key and x.principal == principal)


def test_every_kind_of_the_ground_apps_is_declared_with_a_period_and_a_reason():
    keys = {kind.key for kind in registry.kinds()}
    assert {
        "access.assignment",
        "access.break_glass",
        "access.consent.withdrawn",
        "access.consent.expired",
        "notifications.notification",
        "audit.auditentry",
        "security.usersession",
        "security.idempotencykey",
        "axes.accesslog",
    } <= keys
    for kind in registry.kinds():
        assert kind.years or kind.days, kind.key
        assert str(kind.law), kind.key


def test_the_access_log_is_kept_at_least_five_years_by_default():
    assert registry.get("audit.auditentry").years >= 5


def test_a_dry_run_reports_and_removes_nothing(world):
    old = AssignmentFactory(unit=world.school_unit, starts_at=years_ago(7), ends_at=years_ago(6))
    AssignmentFactory(unit=world.school_unit, starts_at=years_ago(3), ends_at=years_ago(2))
    run = services.run(dry_run=True, started_by="test")
    record = run.records.get(kind="access.assignment")
    assert record.count == 1 and record.years == 5 and record.principal is None
    assert Assignment.objects.filter(pk=old.pk).exists()


def test_culling_deletes_what_has_expired_and_records_counts_not_content(world):
    old = AssignmentFactory(unit=world.school_unit, starts_at=years_ago(7), ends_at=years_ago(6), note="Elin, kurator")
    open_ended = AssignmentFactory(unit=world.school_unit, starts_at=years_ago(9))
    recent = AssignmentFactory(unit=world.school_unit, starts_at=years_ago(3), ends_at=years_ago(2))
    call_command("cull", "--confirm", "--by", "ada")
    assert not Assignment.objects.filter(pk=old.pk).exists()
    assert Assignment.objects.filter(pk__in=[open_ended.pk, recent.pk]).count() == 2, "open or recent stay"
    run = CullRun.objects.get(dry_run=False)
    assert run.started_by == "ada" and run.finished_at
    record = run.records.get(kind="access.assignment")
    assert record.count == 1 and record.action == "delete"
    stored = " ".join(str(v) for v in CullRecord.objects.values_list())
    assert "Elin" not in stored and str(old.pk) not in stored.split()


def test_a_principal_may_keep_records_longer(world):
    town = world.school.principal
    other_unit = UnitFactory(agency__principal=PrincipalFactory())
    mine = AssignmentFactory(unit=world.school_unit, starts_at=years_ago(8), ends_at=years_ago(6))
    theirs = AssignmentFactory(unit=other_unit, starts_at=years_ago(8), ends_at=years_ago(6))
    RetentionRuleFactory(kind="access.assignment", principal=town, years=10)
    lines = services.plan(now=NOW)
    assert line(lines, "access.assignment", town).count == 0
    assert line(lines, "access.assignment").count == 1
    services.run(dry_run=False, started_by="test", now=NOW)
    assert Assignment.objects.filter(pk=mine.pk).exists()
    assert not Assignment.objects.filter(pk=theirs.pk).exists()


def test_a_rule_for_all_replaces_the_default(world):
    AssignmentFactory(unit=world.school_unit, starts_at=years_ago(4), ends_at=years_ago(3))
    RetentionRuleFactory(kind="access.assignment", principal=None, years=2)
    assert line(services.plan(now=NOW), "access.assignment").count == 1


def test_a_consent_and_its_scanned_form_go_together(world, django_capture_on_commit_callbacks):
    withdrawn = ConsentFactory(
        child=world.elin, recorded_in=world.school, withdrawn_at=years_ago(6), withdrawn_by_name="Gun"
    )
    expired = ConsentFactory(child=world.elin, recorded_in=world.school, valid_until=years_ago(5.5))
    active = ConsentFactory(child=world.elin, recorded_in=world.school)
    document = DocumentFactory(consent=withdrawn)
    kept = DocumentFactory(consent=active)
    path = store.path_of(document.storage_name)
    with django_capture_on_commit_callbacks(execute=True):
        services.run(dry_run=False, started_by="test")
    assert list(Consent.objects.values_list("pk", flat=True)) == [active.pk]
    assert not expired.__class__.objects.filter(pk=expired.pk).exists()
    assert list(Document.objects.values_list("pk", flat=True)) == [kept.pk]
    assert not path.exists() and store.path_of(kept.storage_name).exists()


def test_break_the_glass_may_be_anonymised_instead(world):
    glass = BreakGlassFactory(
        membership=world.membership(world.tor), started_at=years_ago(6), expires_at=years_ago(6) + dt.timedelta(hours=4)
    )
    rule = RetentionRuleFactory(kind="access.break_glass", years=5, action="anonymise")
    first = services.run(dry_run=False, started_by="test")
    glass.refresh_from_db()
    assert glass.reason == "–" and first.records.get(kind="access.break_glass").action == "anonymise"
    second = services.run(dry_run=False, started_by="test")
    assert second.records.get(kind="access.break_glass").count == 0, "not anonymised twice"
    assert BreakGlass.objects.filter(pk=glass.pk).exists() and rule.pk


def test_read_notifications_go_after_a_year_unread_ones_stay(world):
    read = NotificationFactory(recipient=world.kim, read_at=years_ago(1.5))
    unread = NotificationFactory(recipient=world.kim, created_at=years_ago(3))
    services.run(dry_run=False, started_by="test")
    assert not read.__class__.objects.filter(pk=read.pk).exists()
    assert unread.__class__.objects.filter(pk=unread.pk).exists()


def test_the_access_log_reports_but_is_not_culled_until_partitioned(world):
    from lots.audit import services as audit

    with __import__("time_machine").travel(years_ago(6)):
        audit.record(world.actor(world.kim), [audit.Access(action="view", record_type="people.child", record_id="1")])
    run = services.run(dry_run=False, started_by="test")
    assert run.records.get(kind="audit.auditentry").count == 0
    assert services.plan()[0] is not None and AuditEntry.objects.count() == 1
    dry = services.run(dry_run=True, started_by="test")
    assert dry.records.get(kind="audit.auditentry").count == 1


def test_a_run_culls_at_most_a_batch_and_says_what_is_left(world, settings):
    settings.LOTS_RETENTION_BATCH = 2
    for _ in range(5):
        AssignmentFactory(unit=world.school_unit, starts_at=years_ago(7), ends_at=years_ago(6))
    record = services.run(dry_run=False, started_by="test").records.get(kind="access.assignment")
    assert (record.count, record.remaining) == (2, 3)
    assert Assignment.objects.count() == 3 + 6  # six from the world fixture


def test_the_command_without_confirm_is_a_dry_run(world, capsys):
    AssignmentFactory(unit=world.school_unit, starts_at=years_ago(7), ends_at=years_ago(6))
    call_command("cull")
    out = capsys.readouterr().out
    assert "would cull 1" in out and Assignment.objects.count() == 7
    assert CullRun.objects.get().dry_run


def test_the_task_makes_a_dry_run_report_then_culls(world):
    from lots.retention.tasks import cull

    AssignmentFactory(unit=world.school_unit, starts_at=years_ago(7), ends_at=years_ago(6))
    cull.call()
    runs = list(CullRun.objects.order_by("started_at", "pk").values_list("dry_run", flat=True))
    assert runs == [True, False] and Assignment.objects.count() == 6


# Changing a rule: two administrators, the second refused (optimistic locking) -------------------


def test_changing_a_rule_bumps_its_version(world):
    rule = RetentionRuleFactory(kind="access.assignment", years=5)
    services.change_rule(
        user=world.ada, rule=rule, expected_version=1, years=7, days=0, action="delete", decision="KS 2026/12"
    )
    rule.refresh_from_db()
    assert (rule.years, rule.version, rule.changed_by) == (7, 2, world.ada)


def test_the_second_of_two_concurrent_changes_is_refused_and_nothing_is_overwritten(world):
    rule = RetentionRuleFactory(kind="access.assignment", years=5)
    first_read = RetentionRule.objects.get(pk=rule.pk)
    second_read = RetentionRule.objects.get(pk=rule.pk)
    services.change_rule(
        user=world.ada, rule=first_read, expected_version=1, years=7, days=0, action="delete", decision=""
    )
    with pytest.raises(ConcurrentChange) as refused:
        services.change_rule(
            user=world.kim, rule=second_read, expected_version=1, years=2, days=0, action="delete", decision=""
        )
    assert "Någon annan ändrade" in refused.value.messages[0]
    rule.refresh_from_db()
    assert (rule.years, rule.version) == (7, 2)


def test_a_rule_cannot_anonymise_what_can_only_be_deleted(world):
    rule = RetentionRuleFactory(kind="access.assignment")
    with pytest.raises(ValidationError, match="bara raderas"):
        services.change_rule(
            user=world.ada, rule=rule, expected_version=1, years=5, days=0, action="anonymise", decision=""
        )


def test_two_administrators_in_the_admin_the_second_is_refused(world, client):
    from django.contrib.auth.models import Permission
    from django.test import Client

    from lots.organisations.tests.factories import UserFactory

    rule = RetentionRuleFactory(kind="access.assignment", years=5)
    url = f"/admin/retention/retentionrule/{rule.pk}/change/"
    admins = []
    for _ in range(2):
        user = UserFactory(is_staff=True)
        user.user_permissions.set(Permission.objects.filter(content_type__app_label="retention"))
        c = Client()
        c.force_login(user)
        assert c.get(url).status_code == 200
        admins.append(c)
    form = {
        "kind": "access.assignment",
        "principal": "",
        "days": 0,
        "action": "delete",
        "decision": "",
        "seen_version": 1,
    }
    assert admins[0].post(url, {**form, "years": 7}).status_code == 302
    refused = admins[1].post(url, {**form, "years": 2})
    assert refused.status_code == 200 and "Någon annan ändrade" in refused.content.decode()
    rule.refresh_from_db()
    assert (rule.years, rule.version) == (7, 2)


def test_an_administrator_adds_a_rule_for_a_principal_in_the_admin(world, client):
    from django.contrib.auth.models import Permission

    from lots.organisations.tests.factories import UserFactory

    admin = UserFactory(is_staff=True)
    admin.user_permissions.set(Permission.objects.filter(content_type__app_label="retention"))
    client.force_login(admin)
    response = client.post(
        "/admin/retention/retentionrule/add/",
        {
            "kind": "access.consent.withdrawn",
            "principal": world.school.principal_id,
            "years": 10,
            "days": 0,
            "action": "delete",
            "decision": "Dokumenthanteringsplan 2026",
        },
    )
    assert response.status_code == 302
    assert RetentionRule.objects.get().changed_by == admin
    assert client.get("/admin/retention/cullrun/").status_code == 200
