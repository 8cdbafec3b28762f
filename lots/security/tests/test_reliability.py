"""Double submits, concurrent edits, failing tasks, and the database going away mid-request."""

import threading

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from lots.access.models import Consent
from lots.access.secrecy import Purpose
from lots.audit.models import AuditEntry
from lots.core.models import SubmissionKey
from lots.core.testing import appends_to_the_log
from lots.notifications.models import Notification
from lots.security.models import TaskFailure
from lots.security.tests import flaky_tasks


def consent_form(world, key):
    return {
        "purpose": Purpose.SIP,
        "agencies": [world.school.pk, world.bup.pk],
        "information_kinds": [1, 2],
        "form": Consent.Form.IN_MEETING,
        "guardians": [world.gun.pk, world.gert.pk],
        "submission_key": key,
    }


# Double submits -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_consent_form_carries_a_fresh_submission_key(world, client):
    client.force_login(world.kim)
    first = client.get(reverse("access:consent_new", args=[world.elin.pk])).context["form"]
    second = client.get(reverse("access:consent_new", args=[world.elin.pk])).context["form"]
    assert first["submission_key"].value() != second["submission_key"].value()
    assert 'type="hidden" name="submission_key"' in str(first["submission_key"])


@pytest.mark.django_db
def test_a_double_submitted_consent_form_records_one_consent(world, client):
    client.force_login(world.kim)
    url = reverse("access:consent_new", args=[world.elin.pk])
    answers = [client.post(url, consent_form(world, "a" * 32)) for _ in range(3)]
    consent = Consent.objects.get()
    assert {r.status_code for r in answers} == {302}
    assert {r["Location"] for r in answers} == {reverse("access:consent", args=[consent.pk])}
    assert AuditEntry.objects.filter(record_type="access.consent", action="create").count() == 1
    client.post(url, consent_form(world, "b" * 32))
    assert Consent.objects.count() == 2, "a new form is a new consent"


@pytest.mark.django_db
def test_a_refused_submission_does_not_use_up_its_key(world, client):
    client.force_login(world.kim)
    url = reverse("access:consent_new", args=[world.elin.pk])
    refused = client.post(url, {**consent_form(world, "c" * 32), "agencies": [world.school.pk]})
    assert refused.status_code == 400 and not SubmissionKey.objects.exists()
    assert client.post(url, consent_form(world, "c" * 32)).status_code == 302
    assert Consent.objects.count() == 1


@pytest.mark.django_db
def test_the_same_key_from_another_user_is_another_submission(world, client):
    url = reverse("access:consent_new", args=[world.elin.pk])
    for user in (world.kim, world.mona):
        client.force_login(user)
        client.post(url, consent_form(world, "d" * 32))
    assert Consent.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["short", "<script>alert(1)</script>" * 2, "a" * 65, "ö" * 20])
def test_a_malformed_key_is_refused_clearly(world, client, key):
    client.force_login(world.kim)
    response = client.post(reverse("access:consent_new", args=[world.elin.pk]), consent_form(world, key))
    assert response.status_code == 400 and not Consent.objects.exists()
    assert "Formuläret är skadat" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_submits_record_one_consent(world):
    """Two threads post the same form at once (a double click on a slow line)."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL's concurrent transactions")
    barrier = threading.Barrier(2)
    statuses = []

    def post():
        client = Client()
        client.force_login(world.kim)
        barrier.wait()
        statuses.append(client.post(reverse("access:consent_new", args=[world.elin.pk]), consent_form(world, "e" * 32)))
        connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [r.status_code for r in statuses] == [302, 302]
    assert Consent.objects.count() == 1
    assert statuses[0]["Location"] == statuses[1]["Location"]


# Tasks: retried, then reported ---------------------------------------------------------------


def run_worker():
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=20,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()


@pytest.mark.django_db(transaction=True)
def test_a_failing_task_is_retried_then_reported_to_the_operators(world, settings):
    settings.LOTS_TASK_RETRY_SECONDS = 0
    settings.LOTS_OPERATORS = ["ada"]
    flaky_tasks.CALLS.clear()
    flaky_tasks.always_fails.enqueue("mail-1")
    run_worker()
    assert flaky_tasks.CALLS["mail-1"] == 3
    tries = DBTaskResult.objects.filter(task_path="lots.security.tests.flaky_tasks.always_fails")
    results = list(tries.order_by("enqueued_at").values_list("status", "args_kwargs"))
    assert [status for status, _ in results] == ["FAILED", "FAILED", "FAILED"], "every try is kept"
    assert [a["kwargs"].get("_attempt", 1) for _, a in results] == [1, 2, 3]
    failure = TaskFailure.objects.get()
    assert failure.attempts == 3 and failure.error == "ConnectionError"
    assert failure.task_path == "lots.security.tests.flaky_tasks.always_fails"
    note = Notification.objects.get(recipient=world.ada, kind="security.task_failed")
    assert note.url == f"/admin/security/taskfailure/{failure.pk}/change/"


@pytest.mark.django_db(transaction=True)
def test_a_task_that_fails_once_succeeds_on_the_second_try_and_is_not_reported(world, settings):
    settings.LOTS_TASK_RETRY_SECONDS = 0
    flaky_tasks.CALLS.clear()
    flaky_tasks.fails_once.enqueue("import-1")
    run_worker()
    assert list(DBTaskResult.objects.order_by("enqueued_at").values_list("status", flat=True)) == [
        "FAILED",
        "SUCCESSFUL",
    ]
    assert not TaskFailure.objects.exists()


@pytest.mark.django_db
def test_a_retry_waits_longer_each_time(world, settings):
    import datetime as dt

    from django.utils import timezone

    settings.LOTS_TASK_RETRY_SECONDS = 60
    with pytest.raises(ConnectionError):
        flaky_tasks.always_fails.call("x", _attempt=2)
    retry = DBTaskResult.objects.get()
    assert retry.run_after - timezone.now() > dt.timedelta(seconds=110)


# The database going away mid-request ------------------------------------------------------------


def fail_at_audit_insert(execute, sql, params, many, context):
    if appends_to_the_log(sql):
        raise OperationalError("server closed the connection unexpectedly")
    return execute(sql, params, many, context)


@pytest.mark.django_db
def test_a_database_failure_mid_request_gives_a_clear_page_and_no_partial_write(world, client):
    client.raise_request_exception = False
    client.force_login(world.kim)
    with connection.execute_wrapper(fail_at_audit_insert):
        response = client.post(reverse("access:consent_new", args=[world.elin.pk]), consent_form(world, "f" * 32))
    assert response.status_code == 503 and response["Retry-After"] == "30"
    text = response.content.decode()
    assert "Lots når inte sin databas" in text and "Inget sparades" in text
    assert response["Content-Security-Policy"]
    assert not Consent.objects.exists(), "the consent row written before the failure is rolled back"
    assert not SubmissionKey.objects.exists()


@pytest.mark.django_db
def test_any_other_failure_gives_the_500_page_in_swedish(world, client, monkeypatch):
    from lots.children import selectors

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(selectors, "my_children", broken)
    client.raise_request_exception = False
    client.force_login(world.kim)
    response = client.get(reverse("people:my_children"))
    assert response.status_code == 500 and "Något gick fel" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_postgresql_terminating_the_connection_mid_request_loses_nothing_half_done(world):
    """The real thing: the server drops our connection while the request is writing."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's pg_terminate_backend")
    import psycopg

    client = Client(raise_request_exception=False)
    client.force_login(world.kim)
    dsn = connection.get_connection_params()

    def terminate_ourselves(execute, sql, params, many, context):
        if appends_to_the_log(sql):
            pid = connection.connection.info.backend_pid
            with psycopg.connect(**{k: v for k, v in dsn.items() if k != "cursor_factory"}, autocommit=True) as other:
                other.execute("SELECT pg_terminate_backend(%s)", [pid])
        return execute(sql, params, many, context)

    with connection.execute_wrapper(terminate_ourselves):
        response = client.post(reverse("access:consent_new", args=[world.elin.pk]), consent_form(world, "g" * 32))
    assert response.status_code == 503
    connection.close()
    assert not Consent.objects.exists()
    assert not AuditEntry.objects.filter(record_type="access.consent").exists()


@pytest.mark.django_db(transaction=True)
def test_a_task_whose_worker_was_killed_is_run_again_then_reported(world, settings):
    """kill -9 of the worker leaves its task RUNNING for ever; recovery runs it again."""
    import datetime as dt

    from django.core.management import call_command
    from django.utils import timezone

    settings.LOTS_TASK_RETRY_SECONDS = 0
    flaky_tasks.CALLS.clear()
    result = flaky_tasks.fails_once.enqueue("killed-1")
    DBTaskResult.objects.filter(pk=result.id).update(
        status="RUNNING", started_at=timezone.now() - dt.timedelta(hours=2), worker_ids=["dead-worker"]
    )
    call_command("recover_tasks")
    assert DBTaskResult.objects.get(pk=result.id).status == "READY"
    flaky_tasks.CALLS["killed-1"] = 1  # the dead worker had already tried once
    run_worker()
    assert DBTaskResult.objects.get(pk=result.id).status == "SUCCESSFUL"

    lost = flaky_tasks.fails_once.enqueue("killed-2")
    DBTaskResult.objects.filter(pk=lost.id).update(
        status="RUNNING", started_at=timezone.now() - dt.timedelta(hours=2), worker_ids=["w1", "w2", "w3"]
    )
    call_command("recover_tasks")
    assert DBTaskResult.objects.get(pk=lost.id).status == "FAILED"
    assert TaskFailure.objects.get().error == "WorkerLost"


def test_every_background_task_in_lots_is_retried_then_reported():
    """A plain @task that fails is lost silently; every task anywhere in Lots is a @reliable_task."""
    import importlib
    import pkgutil

    from django_tasks.base import Task

    import lots

    found = {}
    for module in pkgutil.walk_packages(lots.__path__, "lots."):
        if any(part in module.name for part in (".tests", ".migrations", ".wsgi", ".asgi")):
            continue
        loaded = importlib.import_module(module.name)
        found.update({f"{module.name}.{k}": v for k, v in vars(loaded).items() if isinstance(v, Task)})
    assert "lots.interop.imports.run.run_child_import" in found, "tasks outside a tasks module are found too"
    assert len(found) >= 8, sorted(found)
    assert not [name for name, t in found.items() if not getattr(t.func, "reliable", False)]
