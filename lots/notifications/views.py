from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from lots.notifications import services
from lots.notifications.models import Notification


@login_required
def inbox(request):
    page = Paginator(Notification.objects.filter(recipient=request.user), 50).get_page(request.GET.get("page", 1))
    return render(request, "notifications/inbox.html", {"page": page, "notifications": page.object_list})


@login_required
@require_POST
def open_notification(request, notification_id: int):
    """Mark as read and follow the link (only the user's own notifications)."""
    notification = Notification.objects.filter(recipient=request.user, pk=notification_id).first()
    if notification is None:
        return redirect("notifications:inbox")
    services.mark_read(user=request.user, notification_ids=[notification.pk])
    if url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        return redirect(notification.url)
    return redirect("notifications:inbox")


@login_required
@require_POST
def mark_all_read(request):
    services.mark_read(user=request.user)
    return redirect("notifications:inbox")
