from cppcc.org.roles import access_for

from .selectors import notifications


def unread_notifications(request) -> dict:
    """The count of unread notifications beside the portal's menu (one query, only when logged in),
    and whether the user is a member or a unit contact (for the menu's entries)."""
    if not request.user.is_authenticated:
        return {}
    access = access_for(request.user)
    return {
        "unread_notifications": notifications(request.user).filter(read_at__isnull=True).count(),
        "is_member": access.member_id is not None,
        "is_unit": bool(access.unit_ids),
    }
