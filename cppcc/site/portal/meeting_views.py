"""The meeting on the member's phone: the meeting pack (agenda, seat, materials, the speeches
selected, leave and check-in in one page) and the landing page of the check-in QR code."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cppcc.core.files import attachment_download
from cppcc.core.querysets import VIEW
from cppcc.core.workflow import InvalidTransition
from cppcc.org.roles import access_for
from platforms import checkin, selectors, services
from platforms.models import Activity, ActivityAttachment
from speeches.selectors import selected_for

from .activity_views import LEAVE_STATES
from .proposal_views import member_required


@login_required
def activity_pack(request, pk: int):
    """The meeting pack: for the activity's participants and those who oversee its committee;
    anyone else gets a 404, as for a record they may not read."""
    activity = get_object_or_404(Activity.objects.restrict(request.user, VIEW), pk=pk)
    access = access_for(request.user)
    attendance = None
    if access.member_id is not None:
        attendance = selectors.participant_entry(activity=activity, member_id=access.member_id)
    if attendance is None and activity.committee_id not in access.oversees:
        raise Http404
    today = timezone.localdate()
    return render(
        request,
        "portal/activity_pack.html",
        {
            "activity": activity,
            "attendance": attendance,
            "agenda": [line.strip() for line in activity.agenda.splitlines() if line.strip()],
            "materials": list(
                ActivityAttachment.objects.restrict(request.user, VIEW).filter(activity=activity)
            ),
            "speeches": list(selected_for(activity, request.user)),
            "may_request_leave": attendance is not None
            and attendance.status in LEAVE_STATES
            and activity.date >= today,
            "checkin_open": checkin.is_open(activity, timezone.now()),
        },
    )


@login_required
def activity_material(request, pk: int, attachment_pk: int):
    """Download one of the activity's materials, for those who may read them."""
    return attachment_download(
        ActivityAttachment.objects.restrict(request.user, VIEW).filter(activity_id=pk), attachment_pk
    )


@member_required
def activity_checkin(request, pk: int):
    """Where the QR code leads: ``GET`` asks the member to confirm, ``POST`` checks them in and
    says so with the time, or gives the reason it could not."""
    activity = get_object_or_404(Activity.objects.restrict(request.user, VIEW), pk=pk)
    code = request.POST.get("code") if request.method == "POST" else request.GET.get("code", "")
    context = {"activity": activity, "code": code or ""}
    if request.method != "POST":
        return render(request, "portal/activity_checkin.html", context)
    try:
        attendance = services.attendance_check_in(activity=activity, code=code or "", actor=request.user)
    except ValidationError as error:
        return _refused(request, context, " ".join(error.messages), 400)
    except InvalidTransition as error:
        return _refused(request, context, str(error), 409)
    except PermissionDenied as error:
        return _refused(request, context, str(error) or _("You may not do this."), 403)
    context.update(attendance=attendance, at=attendance.timeline.latest("at").at)
    return render(request, "portal/activity_checked_in.html", context)


def _refused(request, context: dict, reason: str, status: int):
    return render(request, "portal/activity_checkin.html", {**context, "reason": reason}, status=status)
