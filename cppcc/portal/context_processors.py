from cppcc.org.models import Notification


def unread_notifications(request) -> dict:
    """The count of unread notifications beside the portal's menu (one query, only when logged in)."""
    if not request.user.is_authenticated:
        return {}
    return {
        "unread_notifications": Notification.objects.filter(user=request.user, read_at__isnull=True).count()
    }
