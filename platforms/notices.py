"""What members are told about the meetings they are invited to: the notice when they are invited
and the reminder the day before, each once per member and meeting day (``cppcc.org.services.remind``),
by SMS wherever their phone is known."""

import datetime

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cppcc.org.models import NotificationKind, User
from cppcc.org.services import remind

from .models import Activity, Attendance

REMINDED = (Attendance.Status.INVITED, Attendance.Status.LEAVE_REQUESTED)
"""Who is reminded the day before: those still expected (not excused, not already recorded)."""


def _when(activity: Activity) -> str:
    day = activity.date.isoformat()
    return f"{day} {activity.starts_at:%H:%M}" if activity.starts_at else day


def _params(activity: Activity) -> dict:
    return {"title": activity.title, "date": _when(activity), "place": activity.venue}


def send_meeting_notices(*, activity: Activity, member_ids) -> list[User]:
    """Tell the invited members (ids) of an activity still to come; returns who was told."""
    if activity.date < timezone.localdate():
        return []
    users = User.objects.filter(member__pk__in=list(member_ids), is_active=True)
    place = activity.venue or _("the venue to be announced")
    return remind(
        users=users,
        message=_("Meeting notice: you are invited to “%(title)s” on %(when)s at %(place)s.")
        % {"title": activity.title, "when": _when(activity), "place": place},
        about=activity,
        kind=NotificationKind.MEETING_NOTICE,
        slot=activity.date,
        params=_params(activity),
    )


def reminded_attendances(day: datetime.date) -> QuerySet[Attendance]:
    """The members expected at the activities of ``day``."""
    return (
        Attendance.objects.filter(activity__date=day, status__in=REMINDED, member__user__isnull=False)
        .select_related("activity", "member__user")
        .order_by("activity_id", "id")
    )


def send_meeting_reminders(*, today: datetime.date) -> list[User]:
    """Remind everyone expected at tomorrow's activities, once each; returns who was reminded."""
    by_activity: dict[int, tuple[Activity, list[User]]] = {}
    for attendance in reminded_attendances(today + datetime.timedelta(days=1)):
        activity, users = by_activity.setdefault(attendance.activity_id, (attendance.activity, []))
        users.append(attendance.member.user)
    reminded = []
    for activity, users in by_activity.values():
        place = activity.venue or _("the venue to be announced")
        reminded += remind(
            users=users,
            message=_("Reminder: “%(title)s” is tomorrow, %(when)s, at %(place)s.")
            % {"title": activity.title, "when": _when(activity), "place": place},
            about=activity,
            kind=NotificationKind.MEETING_REMINDER,
            slot=activity.date,
            params=_params(activity),
        )
    return reminded
