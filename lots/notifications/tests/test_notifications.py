import pytest
from django.core import mail
from django.urls import reverse

from lots.notifications import services
from lots.notifications.models import Notification
from lots.notifications.tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_notify_creates_one_row_per_recipient_and_mails_without_person_data(
    world, immediate_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(recipients=[world.kim, world.mona], kind="notifications.test", url="/barn/1/")
    assert Notification.objects.count() == 2
    assert len(mail.outbox) == 2
    message = mail.outbox[0]
    assert world.elin.first_name not in message.body and world.elin.last_name not in message.subject
    assert "/barn/1/" in message.body


def test_the_same_dedupe_key_notifies_once(world):
    for _attempt in range(3):
        services.notify(recipients=[world.kim], kind="notifications.test", url="/x/", dedupe_key="sip-7-followup")
    assert Notification.objects.filter(recipient=world.kim).count() == 1


def test_unknown_kinds_and_outside_links_are_refused(world):
    with pytest.raises(ValueError, match="unknown notification kind"):
        services.notify(recipients=[world.kim], kind="free text about Elin", url="/x/")
    with pytest.raises(ValueError, match="inside Lots"):
        services.notify(recipients=[world.kim], kind="notifications.test", url="https://evil.example/")


def test_the_inbox_shows_only_ones_own_and_opening_marks_read(world, signed_in):
    mine = NotificationFactory(recipient=world.kim, url="/barn/")
    theirs = NotificationFactory(recipient=world.mona)
    client = signed_in(world.kim)
    inbox = client.get(reverse("notifications:inbox"))
    assert list(inbox.context["notifications"]) == [mine]
    assert client.get(reverse("people:my_children")).context["unread_notifications"] == 1
    assert client.post(reverse("notifications:open", args=[theirs.pk])).status_code == 302
    theirs.refresh_from_db()
    assert theirs.read_at is None
    response = client.post(reverse("notifications:open", args=[mine.pk]))
    assert response["Location"] == "/barn/"
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_mark_all_read(world, signed_in):
    NotificationFactory.create_batch(3, recipient=world.kim)
    signed_in(world.kim).post(reverse("notifications:mark_all_read"))
    assert services.unread_count(world.kim) == 0


def test_the_unread_count_is_counted_once_per_page_however_many_panels_render(world, signed_in):
    from lots.core.testing import queries_of

    client = signed_in(world.kim)
    url = reverse("people:child", args=[world.elin.pk])
    client.get(url)
    counted = [q for q in queries_of(lambda: client.get(url)) if "notifications_notification" in q]
    assert len(counted) == 1


def test_the_unread_count_is_read_with_the_acting_membership(world, signed_in):
    """One query about the user per request: the membership they act in brings their unread count."""
    from lots.core.testing import queries_of
    from lots.organisations.tests.factories import UserFactory

    NotificationFactory.create_batch(2, recipient=world.kim)
    NotificationFactory(recipient=world.kim, read=True)
    NotificationFactory(recipient=world.mona)
    client = signed_in(world.kim)
    url = reverse("people:my_children")
    client.get(url)
    queries = queries_of(lambda: client.get(url))
    (counted,) = [q for q in queries if "notifications_notification" in q and "COUNT(" in q]
    assert 'FROM "organisations_membership"' in counted
    assert client.get(url).context["unread_notifications"] == 2
    nobody = UserFactory()  # no membership: counted on its own
    NotificationFactory(recipient=nobody)
    assert signed_in(nobody).get(url).context["unread_notifications"] == 1
