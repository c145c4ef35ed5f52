"""Reads of speeches: what their lists show, the selected speeches of a meeting in the order of its
compilation (for the API, the Word compilation and the portal's meeting pack), and the meetings a
member may still write a speech for."""

from django.db.models import QuerySet
from django.utils import timezone

from cppcc.core.querysets import VIEW
from cppcc.org.roles import access_for
from platforms.models import Activity

from .models import MEETING_KINDS, SELECTED_STATES, Speech

AUTHOR_JOINS = ("author", "author_sector", "author_party", "author_special_committee")


def speech_list(speeches: QuerySet[Speech]) -> QuerySet[Speech]:
    """Speeches with what their lists show: the meeting, the speaker and the attachments, in a fixed
    number of queries."""
    return speeches.select_related("activity", *AUTHOR_JOINS).prefetch_related("attachments")


def selected_for(activity: Activity, user) -> QuerySet[Speech]:
    """The selected speeches of a meeting that ``user`` may read, oral ones first, each mode in its
    order; each has ``mode``, ``order``, ``title`` and ``speaker`` (who speaks, for display)."""
    return (
        Speech.objects.restrict(user, VIEW)
        .filter(activity=activity, state__in=SELECTED_STATES)
        .select_related(*AUTHOR_JOINS)
        .in_compilation_order()
    )


def upcoming_meetings(user) -> QuerySet[Activity]:
    """The plenary and standing committee meetings, from today on, that ``user`` reads."""
    return (
        Activity.objects.restrict(user, VIEW)
        .filter(kind__in=MEETING_KINDS, date__gte=timezone.localdate())
        .order_by("date", "id")
    )


def member_speeches(user) -> QuerySet[Speech]:
    """The speeches ``user`` speaks as a member (their own, in every state), newest meeting first."""
    member_id = access_for(user).member_id
    return (
        Speech.objects.restrict(user, VIEW)
        .filter(author_id=member_id)
        .select_related("activity")
        .order_by("-activity__date", "-id")
    )
