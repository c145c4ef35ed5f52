"""Every write of activities and attendance. The API, the admin and the imports call these."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cppcc.core.response_cache import writing_in
from cppcc.core.workflow import InvalidTransition
from cppcc.org.models import Member, User
from cppcc.org.roles import access_for

from . import checkin, selectors
from .models import Activity, Attendance
from .notices import send_meeting_notices
from .workflow import attendance_workflow

Status = Attendance.Status


def _require_manages(actor: User, committee_id: int) -> None:
    if not access_for(actor).manages_committee(committee_id):
        raise PermissionDenied(_("You may not do this."))


@transaction.atomic
def activity_create(*, activity: Activity, actor: User) -> Activity:
    """Save a new activity (built, not yet saved); plenary and standing-committee meetings invite
    their members at once."""
    _require_manages(actor, activity.committee_id)
    activity.full_clean()
    activity.save()
    activity_invite_members(activity=activity)
    return activity


@transaction.atomic
def activity_update(*, activity: Activity, actor: User, **fields) -> Activity:
    """Change an activity (``fields`` are set first); a meeting whose kind changed invites its members."""
    _require_manages(actor, activity.committee_id)
    for name, value in fields.items():
        setattr(activity, name, value)
    _require_manages(actor, activity.committee_id)
    activity.full_clean()
    activity.save()
    activity_invite_members(activity=activity)
    return activity


@transaction.atomic
def activity_invite_members(*, activity: Activity) -> int:
    """Invite the members a meeting of this kind is for (all members to a plenary, the standing
    committee to its meetings); members already on the list keep their status, the new ones are
    sent the meeting notice. Returns how many were added."""
    invitees = selectors.meeting_invitees(activity=activity)
    existing = set(activity.attendances.values_list("member_id", flat=True))
    new = [
        Attendance(activity=activity, member_id=member_id)
        for member_id in invitees.values_list("id", flat=True)
        if member_id not in existing
    ]
    with writing_in(activity.committee_id, Attendance, record=activity):
        Attendance.objects.bulk_create(new, ignore_conflicts=True)
    send_meeting_notices(activity=activity, member_ids=[attendance.member_id for attendance in new])
    return len(new)


def _attendance_of(*, activity: Activity, member: Member) -> Attendance:
    """The member's entry on the activity's list, or a new one (saved by the transition)."""
    attendance = Attendance.objects.filter(activity=activity, member=member).first()
    return attendance or Attendance(activity=activity, member=member)


@transaction.atomic
def attendance_record(
    *,
    activity: Activity,
    member: Member,
    status: str,
    actor: User,
    spoke: bool = False,
    leave_reason: str | None = None,
    seat: str | None = None,
    note: str = "",
) -> Attendance:
    """The secretariat records one member's attendance (creating the entry where there is none);
    ``note`` (why it is marked by hand, say a member whose phone could not scan) goes on the timeline."""
    if status not in Status.values:
        raise ValidationError({"status": _("Unknown attendance status.")})
    changes = {"spoke": bool(spoke)}
    if leave_reason is not None:
        changes["leave_reason"] = leave_reason
    if seat is not None:
        changes["seat"] = seat.strip()[:50]
    return attendance_workflow.apply(
        f"record_{status}",
        obj=_attendance_of(activity=activity, member=member),
        actor=actor,
        note=(note or "").strip()[:500],
        changes=changes,
        clean=True,
    )


@transaction.atomic
def attendance_record_many(*, activity: Activity, rows: Iterable[dict], actor: User) -> list[Attendance]:
    """The whole sign-in sheet of an activity at once: every row or none.

    Each row is ``{"member", "status", "spoke"?, "leave_reason"?, "seat"?, "note"?}`` (``note``:
    why it is recorded by hand, for the timeline); members named twice are an error."""
    _require_manages(actor, activity.committee_id)
    rows = list(rows)
    seen: set[int] = set()
    for row in rows:
        if row["member"].pk in seen:
            raise ValidationError(
                {"member": _("%(name)s is named more than once.") % {"name": row["member"].name}}
            )
        seen.add(row["member"].pk)
    return [
        attendance_record(
            activity=activity,
            member=row["member"],
            status=row["status"],
            spoke=row.get("spoke", False),
            leave_reason=row.get("leave_reason"),
            seat=row.get("seat"),
            note=row.get("note", ""),
            actor=actor,
        )
        for row in rows
    ]


@transaction.atomic
def attendance_request_leave(*, activity: Activity, member: Member, reason: str, actor: User) -> Attendance:
    """A member asks for leave from an activity, for themself only, before it takes place."""
    attendance = attendance_workflow.begin(
        "request_leave", obj=_attendance_of(activity=activity, member=member), actor=actor
    )
    if member.committee_id != activity.committee_id:
        raise PermissionDenied(_("You may not do this."))
    if activity.date < timezone.localdate():
        raise InvalidTransition(_("The activity has already taken place; leave can no longer be requested."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason for the leave.")})
    return attendance_workflow.apply(
        "request_leave",
        obj=attendance,
        actor=actor,
        changes={"leave_reason": reason[:300], "spoke": False},
        clean=True,
    )


@transaction.atomic
def attendance_approve_leave(*, attendance: Attendance, actor: User) -> Attendance:
    return attendance_workflow.apply("approve_leave", obj=attendance, actor=actor)


@transaction.atomic
def attendance_refuse_leave(*, attendance: Attendance, actor: User) -> Attendance:
    return attendance_workflow.apply("refuse_leave", obj=attendance, actor=actor)


@transaction.atomic
def attendance_check_in(
    *, activity: Activity, code: str, actor: User, now: datetime.datetime | None = None
) -> Attendance:
    """A member scans the meeting's QR code: marked present, once, if on the activity's list.
    A code that is forged, for another activity, stale or out of the activity's time is a
    ``ValidationError`` (its reason in ``code``); a second check-in an ``InvalidTransition``."""
    member_id = access_for(actor).member_id
    if member_id is None:
        raise PermissionDenied(_("Only members may do this."))
    attendance = Attendance.objects.filter(activity=activity, member_id=member_id).first()
    if attendance is None:
        raise PermissionDenied(_("You are not on the list of this activity."))
    if attendance.status == Status.PRESENT:
        raise InvalidTransition(_("You have already checked in to this activity."))
    attendance = attendance_workflow.begin("check_in", obj=attendance, actor=actor)
    try:
        checkin.verify(code, activity=activity, now=now)
    except checkin.CheckInRefused as refused:
        raise ValidationError({"code": str(refused)}) from refused
    return attendance_workflow.apply(
        "check_in", obj=attendance, actor=actor, note=_("Checked in by scanning the QR code.")
    )
