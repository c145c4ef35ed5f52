from cppcc.org.roles import access_for

from .selectors import notifications

SENIOR_COOKIE = "senior_mode"


def senior_mode(request) -> dict:
    """Whether pages show in 长辈模式 (large text, high contrast): the user's choice when logged in,
    the browser's cookie for a visitor (the login and error pages)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return {"senior_mode": user.senior_mode}
    return {"senior_mode": request.COOKIES.get(SENIOR_COOKIE) == "1"}


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
