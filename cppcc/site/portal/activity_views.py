"""The member's activities of a year with their attendance, and the leave request (through
``platforms.services``)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cppcc.core.querysets import VIEW
from cppcc.core.workflow import InvalidTransition
from platforms import services
from platforms.models import Activity

from . import selectors
from .forms import LeaveForm, add_service_errors
from .proposal_views import member_required
from .views import LEAVE_STATES, bad_year, chosen_year


@member_required
def activity_list(request):
    year = chosen_year(request)
    if year is None:
        return bad_year()
    member = selectors.portal_member(request.user)
    return render(
        request,
        "portal/activity_list.html",
        {
            "year": year,
            "years": selectors.year_choices(member),
            "attendances": selectors.member_attendances(request.user, year=year),
            "today": timezone.localdate(),
            "leave_states": LEAVE_STATES,
        },
    )


@member_required
def activity_leave(request, pk: int):
    """Ask for leave from an activity, with a reason."""
    activity = get_object_or_404(Activity.objects.restrict(request.user, VIEW), pk=pk)
    member = selectors.portal_member(request.user)
    form = LeaveForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_request_leave(
                activity=activity, member=member, reason=form.cleaned_data["reason"], actor=request.user
            )
        except InvalidTransition as error:
            form.add_error(None, str(error))
            status = 409
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your leave request is sent."))
            url = reverse("portal:activities")
            return redirect(f"{url}?year={activity.date.year}#activity-{activity.pk}")
    if form.errors and status == 200:
        status = 400
    return render(request, "portal/activity_leave.html", {"form": form, "activity": activity}, status=status)
