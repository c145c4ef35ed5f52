"""The small lifecycle of an attendance: a member asks for leave, the secretariat approves or refuses;
the secretariat records any status (the sign-in) at any time."""

from django.utils.translation import gettext_lazy as _

from cppcc.core.workflow import Transition, Workflow

from .models import Attendance

Status = Attendance.Status
ALL = frozenset(Status.values)


def _is_the_member(access, attendance) -> bool:
    return access.member_id is not None and access.member_id == attendance.member_id


def _manages(access, attendance) -> bool:
    return access.manages_committee(attendance.activity.committee_id)


attendance_workflow = Workflow(
    states=Status,
    transitions=[
        Transition(
            "request_leave",
            sources=frozenset({Status.INVITED, Status.LEAVE_REQUESTED}),
            target=Status.LEAVE_REQUESTED,
            may=_is_the_member,
            label=_("request leave"),
        ),
        Transition(
            "approve_leave",
            sources=frozenset({Status.LEAVE_REQUESTED}),
            target=Status.LEAVE_APPROVED,
            may=_manages,
            label=_("approve leave"),
        ),
        Transition(
            "refuse_leave",
            sources=frozenset({Status.LEAVE_REQUESTED}),
            target=Status.INVITED,
            may=_manages,
            label=_("refuse leave"),
        ),
        Transition("record", sources=ALL, target=None, may=_manages, label=_("record attendance")),
    ],
)
