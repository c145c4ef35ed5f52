"""The small lifecycle of an attendance. A member is invited (the list of a meeting, or the
secretariat's invitation) and may ask for leave before the activity; the secretariat approves or
refuses it, and records any status at any time (the sign-in sheet), for members on the list or not
yet on it. One recording transition per resulting status.

invited ──request_leave──▶ leave_requested ──approve_leave──▶ leave_approved
   ▲                              │
   └────────refuse_leave──────────┘          any ──record_<status>──▶ <status>

invited, leave_requested, leave_approved, absent ──check_in──▶ present
(the member themself, scanning the meeting's QR code: the service checks the code first)
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cppcc.core.workflow import NEW, Notice, Transition, Workflow
from cppcc.org.models import NotificationKind
from cppcc.org.roles import access_for
from cppcc.org.services import notify

from .models import Attendance, AttendanceTimelineEntry

Status = Attendance.Status
ANY = frozenset({NEW, *Status.values})


def is_the_member(access, attendance) -> bool:
    return access.member_id is not None and access.member_id == attendance.member_id


def manages(access, attendance) -> bool:
    return access.manages_committee(attendance.activity.committee_id)


def _leave_decision(message, decision):
    return Notice(
        to=lambda a: [a.member.user],
        message=message,
        kind=NotificationKind.LEAVE_DECISION,
        params=lambda a: {"title": a.activity.title, "decision": decision()},
    )


def _record(status: str) -> Transition:
    return Transition(
        f"record_{status}", ANY, status, manages, gettext_lazy("record attendance"), action="record"
    )


attendance_workflow = Workflow(
    model=Attendance,
    state_field="status",
    timeline=AttendanceTimelineEntry,
    access=access_for,
    notify=notify,
    transitions=[
        Transition(
            "request_leave",
            {NEW, Status.INVITED, Status.LEAVE_REQUESTED},
            Status.LEAVE_REQUESTED,
            is_the_member,
            gettext_lazy("request leave"),
        ),
        Transition(
            "approve_leave",
            {Status.LEAVE_REQUESTED},
            Status.LEAVE_APPROVED,
            manages,
            gettext_lazy("approve leave"),
            notice=_leave_decision(
                lambda a, note: _("Your leave from “%(title)s” was approved.") % {"title": a.activity.title},
                lambda: _("approved"),
            ),
        ),
        Transition(
            "refuse_leave",
            {Status.LEAVE_REQUESTED},
            Status.INVITED,
            manages,
            gettext_lazy("refuse leave"),
            notice=_leave_decision(
                lambda a, note: (
                    _("Your leave from “%(title)s” was refused; please attend.") % {"title": a.activity.title}
                ),
                lambda: _("refused"),
            ),
        ),
        Transition(
            "check_in",
            {Status.INVITED, Status.LEAVE_REQUESTED, Status.LEAVE_APPROVED, Status.ABSENT},
            Status.PRESENT,
            is_the_member,
            gettext_lazy("check in by QR code"),
        ),
        *(_record(status) for status in Status.values),
    ],
)
