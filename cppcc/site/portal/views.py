"""The member and handling-unit portal: server-rendered pages that call the apps' services."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cppcc.org.models import Channel, Committee
from cppcc.org.roles import access_for
from cppcc.org.selectors import default_year, notification_channels, phone_on_record, platform_committee_name
from cppcc.org.services import notification_preferences_set, user_senior_mode_set
from cppcc.scoring.models import Dimension, Grade
from cppcc.scoring.selectors import member_score
from opinions.selectors import member_record_opinions
from platforms.models import Attendance
from platforms.selectors import member_record_activities
from proposals.selectors import member_record_proposals

from . import selectors
from .context_processors import SENIOR_COOKIE
from .documents import record_document_response
from .forms import YearForm

SENIOR_COOKIE_AGE = 365 * 24 * 3600
LEAVE_STATES = (Attendance.Status.INVITED, Attendance.Status.LEAVE_REQUESTED)
SOURCE_PAGES = {"proposal": "portal:proposal", "opinion": "portal:opinion", "speech": "portal:speech"}


def home(request):
    """Send each user to their place: clerks to the admin, leaders to the dashboards, everyone
    else to the portal; anonymous users to the login page."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('login')}?next=/")
    if request.user.has_module_perms("org"):
        return redirect("admin:index")
    if Committee.objects.allows(request.user, "oversee"):
        return redirect("dashboards:home")
    return redirect("portal:home")


def chosen_year(request) -> int | None:
    """The ``year`` of the query string (this year when absent), or None when it makes no sense."""
    form = YearForm(request.GET)
    if not form.is_valid():
        return None
    return form.cleaned_data["year"] or default_year()


def bad_year() -> HttpResponseBadRequest:
    return HttpResponseBadRequest(_("The year must be a number such as 2024."))


def source_url(source, year: int) -> str:
    """The portal page of the record that earned a score item."""
    if source.kind in SOURCE_PAGES:
        return reverse(SOURCE_PAGES[source.kind], args=[source.id])
    return f"{reverse('portal:activities')}?year={year}#activity-{source.id}"


def member_record(member, year: int) -> dict:
    return {
        "proposals": member_record_proposals(member=member, year=year),
        "opinions": member_record_opinions(member=member, year=year),
        "activities": member_record_activities(member=member, year=year),
    }


@login_required
def portal_home(request):
    """A member's year: score, grade, breakdown and every item; a unit's proposals to handle."""
    access = access_for(request.user)
    if access.member_id is not None:
        return member_home(request)
    if access.unit_ids:
        assignments = selectors.unit_worklist(request.user)
        return render(request, "portal/unit_home.html", {"assignments": assignments})
    return render(request, "portal/home.html", {"access": access})


def member_home(request):
    year = chosen_year(request)
    if year is None:
        return bad_year()
    member = selectors.portal_member(request.user)
    today = timezone.localdate()
    score = member_score(member=member, year=year)
    items = [(item, source_url(item.source, year)) for item in score.items]
    dimensions = [(Dimension(code).label, points) for code, points in score.by_dimension.items()]
    return render(
        request,
        "portal/member_home.html",
        {
            "member": member,
            "year": year,
            "years": selectors.year_choices(member),
            "score": score,
            "grade": Grade(score.grade).label,
            "dimensions": dimensions,
            "items": items,
            "record": member_record(member, year),
            "todo": selectors.member_todo(request.user, today=today),
            "upcoming": selectors.upcoming_attendances(request.user, today=today)[: selectors.UPCOMING_SHOWN],
            "today": today,
            "leave_states": LEAVE_STATES,
        },
    )


@login_required
def record_docx(request):
    """The member's duty record (履职档案) of the chosen year as a Word document."""
    if access_for(request.user).member_id is None:
        raise PermissionDenied(_("Only members have a duty record."))
    year = chosen_year(request)
    if year is None:
        return bad_year()
    member = selectors.portal_member(request.user)
    return record_document_response(
        member=member,
        year=year,
        record=member_record(member, year),
        score=member_score(member=member, year=year),
    )


@login_required
def notifications(request):
    items = selectors.notifications(request.user)[:100]
    return render(request, "portal/notifications.html", {"notifications": items})


@require_POST
@login_required
def notifications_read(request):
    selectors.notifications(request.user).filter(read_at__isnull=True).update(read_at=timezone.now())
    return redirect("portal:notifications")


@login_required
def notification_settings(request):
    """通知设置: which kinds of notification reach the user by which channel. A box left unticked
    is that channel off; SMS of meeting notices and reminders is fixed on."""
    if request.method == "POST":
        choices = {
            row["kind"]: {channel: f"{row['kind']}:{channel}" in request.POST for channel in Channel.values}
            for row in notification_channels(request.user)
        }
        notification_preferences_set(user=request.user, choices=choices, actor=request.user)
        messages.success(request, _("Your notification settings are saved."))
        return redirect("portal:notification-settings")
    return render(
        request,
        "portal/notification_settings.html",
        {
            "rows": notification_channels(request.user),
            "channels": Channel.choices,
            "has_phone": phone_on_record(request.user),
            "has_email": bool(request.user.email),
            "current": "notifications",
        },
    )


@require_POST
def senior_mode(request):
    """The 长辈模式 switch of every page: on or off for the user (remembered on their account) and
    for the browser (a cookie, so the login and error pages follow it too); back to the page."""
    on = request.POST.get("on") == "1"
    if request.user.is_authenticated:
        user_senior_mode_set(user=request.user, on=on)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    response.set_cookie(
        SENIOR_COOKIE,
        "1" if on else "0",
        max_age=SENIOR_COOKIE_AGE,
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )
    return response


class LoginView(auth_views.LoginView):
    """The login page, naming the committee whose platform it is. A locked account or address
    (too many failed sign-ins) is answered 429, with the lockout's message and when to try again.
    长辈模式 turned on at the login page follows the user into their account."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(committee_name=platform_committee_name(), **kwargs)

    def form_valid(self, form):
        """长辈模式 turned on before logging in stays on: the account takes the browser's choice."""
        user = form.get_user()
        if self.request.COOKIES.get(SENIOR_COOKIE) == "1" and not user.senior_mode:
            user_senior_mode_set(user=user, on=True)
        return super().form_valid(form)

    def form_invalid(self, form):
        response = super().form_invalid(form)
        locked = [e for e in form.errors.as_data().get("__all__", []) if e.code == "locked"]
        if locked:
            response.status_code = 429
            response.headers["Retry-After"] = str(getattr(locked[0], "retry_after", 60))
        return response


def favicon(request):
    """/favicon.ico, which browsers ask for whatever the page links: the site's icon."""
    return redirect(static("favicon.svg"))
