from django.conf import settings
from django.core.mail import send_mail
from django.utils.translation import gettext as _

from lots.core.tasks import reliable_task
from lots.notifications.models import Notification


@reliable_task()
def send_notification_email(notification_id: int) -> None:
    """The mail says only that there is something in Lots, and where: never who or what."""
    notification = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    if notification is None or not notification.recipient.email:
        return
    send_mail(
        subject=_("You have a new task in Lots"),
        message=_("You have a new task in Lots: %(text)s\n\nOpen it here: %(link)s")
        % {"text": notification.text, "link": settings.LOTS_BASE_URL.rstrip("/") + notification.url},
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[notification.recipient.email],
    )
