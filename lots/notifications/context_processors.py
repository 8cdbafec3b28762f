from lots.notifications.services import unread_count


def unread_notifications(request):
    """Counted once per request, however many templates (page, panels) are rendered."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if not hasattr(request, "_lots_unread_notifications"):
        request._lots_unread_notifications = unread_count(user)
    return {"unread_notifications": request._lots_unread_notifications}
