"""The daily reminder to the lead before a follow-up, and when it is overdue."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from lots.notifications.models import Notification
from lots.plans.tasks import remind_leads
from lots.plans.tests.factories import elins_sip

pytestmark = pytest.mark.django_db


def _lead(world, sip):
    sip.lead_user, sip.lead_agency, sip.lead_principal = world.sam, world.social, world.social.principal
    sip.save()
    return sip


def test_the_lead_is_reminded_once_before_the_follow_up_and_once_when_it_is_overdue(world):
    sip = _lead(world, elins_sip(world, established=True))
    today = timezone.localdate()
    sip.follow_up_on = today + dt.timedelta(days=20)
    sip.save()
    assert remind_leads(today) == 0, "too early: the region reminds 7 days before"
    assert remind_leads(today + dt.timedelta(days=14)) == 1
    assert remind_leads(today + dt.timedelta(days=15)) == 0, "once per follow-up date"
    assert remind_leads(today + dt.timedelta(days=21)) == 1
    kinds = list(Notification.objects.filter(recipient=world.sam).values_list("kind", flat=True))
    assert sorted(kinds) == ["plans.follow_up_due", "plans.follow_up_overdue"]
    assert all(n.url == f"/sip/{sip.pk}/" for n in Notification.objects.all())


def test_closed_plans_and_plans_without_a_lead_are_not_reminded(world):
    elins_sip(world, overdue=True)
    _lead(world, elins_sip(world, closed=True, follow_up_on=timezone.localdate()))
    assert remind_leads() == 0


def test_the_daily_command_queues_the_task(world, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    _lead(world, elins_sip(world, overdue=True))
    call_command("plans_send_reminders")
    assert Notification.objects.filter(kind="plans.follow_up_overdue").count() == 1


def test_the_regional_agreement_is_edited_in_the_admin_and_plans_are_not_there(world, client):
    from django.contrib.auth.models import Permission

    from lots.organisations.tests.factories import UserFactory

    admin = UserFactory(is_staff=True)
    admin.user_permissions.add(*Permission.objects.filter(content_type__model="regionalagreement"))
    client.force_login(admin)
    assert client.get("/admin/plans/regionalagreement/add/").status_code == 200
    assert client.get("/admin/plans/sip/").status_code == 404, "plans hold person data: never in the admin"
