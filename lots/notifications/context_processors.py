from lots.notifications.services import unread_count


def unread_notifications(request):
    """Counted once per request, however many templates (page, panels) are rendered; usually
    already read with the acting membership (`request.unread_notifications`, set by
    `ActingMembershipMiddleware`)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if getattr(request, "unread_notifications", None) is None:
        request.unread_notifications = unread_count(user)
    return {"unread_notifications": request.unread_notifications}
