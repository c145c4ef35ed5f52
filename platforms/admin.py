"""The secretariat's admin for activities and the platforms: filters by committee, kind, year and
platform entity; attendance inline and sign-in sheet import; a calendar-like list of what is coming;
per-room and per-group pages with their activities and totals; Excel export of every filtered list."""

import copy
import datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseNotAllowed, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cppcc.core.admin import ExportMixin, RestrictedAdmin, RestrictedTabularInline, error_text
from cppcc.core.files import validate_spreadsheet
from cppcc.core.querysets import PICK, VIEW
from cppcc.core.workflow import InvalidTransition
from cppcc.org.admin import CommitteeImportExportMixin
from cppcc.org.models import Member

from . import checkin, selectors, services
from .models import (
    Activity,
    ActivityAttachment,
    Attendance,
    DeliberationRoom,
    Publication,
    SectorGroup,
    StudyRoom,
    TeamMember,
    Visit,
)
from .resources import (
    ActivityResource,
    AttendanceResource,
    PublicationResource,
    RoomResource,
    SectorGroupResource,
    StudyRoomResource,
    VisitResource,
    read_sign_in_sheet,
)

COMMITTEE_FILTER = ("committee", admin.RelatedOnlyFieldListFilter)


def year_filter(field: str):
    """A list filter by the year of ``field``, offering the years that occur."""

    class YearFilter(admin.SimpleListFilter):
        title = _("year")
        parameter_name = "year"

        def lookups(self, request, model_admin):
            dates = model_admin.get_queryset(request).dates(field, "year", order="DESC")
            return [(str(d.year), str(d.year)) for d in dates]

        def queryset(self, request, queryset):
            value = self.value()
            if value and value.isdigit():
                return queryset.filter(**{f"{field}__year": int(value)})
            return queryset

    return YearFilter


class EntityActivitiesMixin:
    """A page per room or group listing its activities with their totals, linked from the list."""

    @admin.display(description=_("activities"))
    def activities_link(self, obj):
        url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_activities", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("activities and totals"))

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<int:pk>/activities/",
                self.admin_site.admin_view(self.activities_view),
                name=f"{info[0]}_{info[1]}_activities",
            ),
            *super().get_urls(),
        ]

    def activities_view(self, request, pk):
        entity = get_object_or_404(self.get_queryset(request), pk=pk)
        visible = entity.activities.restrict(request.user, VIEW)
        activities = visible.order_by("-date", "-id")
        year = request.GET.get("year", "")
        if year.isdigit():
            activities = activities.filter(date__year=int(year))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": entity.name,
            "entity": entity,
            "activities": activities,
            "totals": selectors.entity_activity_totals(activities),
            "years": [d.year for d in visible.dates("date", "year", order="DESC")],
            "year": year,
        }
        return TemplateResponse(request, "admin/platforms/entity_activities.html", context)


@admin.register(DeliberationRoom)
class DeliberationRoomAdmin(EntityActivitiesMixin, CommitteeImportExportMixin, RestrictedAdmin):
    resource_classes = [RoomResource]
    list_display = ["name", "committee", "kind", "location", "founded_on", "is_active", "activities_link"]
    list_filter = [COMMITTEE_FILTER, "kind", "is_active", year_filter("founded_on")]
    search_fields = ["name", "location", "address"]
    list_select_related = ["committee"]


@admin.register(StudyRoom)
class StudyRoomAdmin(EntityActivitiesMixin, CommitteeImportExportMixin, RestrictedAdmin):
    resource_classes = [StudyRoomResource]
    list_display = ["name", "committee", "kind", "location", "founded_on", "is_active", "activities_link"]
    list_filter = [COMMITTEE_FILTER, "kind", "is_active", year_filter("founded_on")]
    search_fields = ["name", "location", "address"]
    list_select_related = ["committee"]


class TeamMemberInline(RestrictedTabularInline):
    model = TeamMember
    fields = ["name", "member", "workplace"]
    raw_id_fields = ["member"]
    extra = 0


@admin.register(SectorGroup)
class SectorGroupAdmin(EntityActivitiesMixin, CommitteeImportExportMixin, RestrictedAdmin):
    resource_classes = [SectorGroupResource]
    list_display = ["name", "committee", "sector_names", "founded_on", "is_active", "activities_link"]
    list_filter = [COMMITTEE_FILTER, "is_active", year_filter("founded_on")]
    search_fields = ["name"]
    list_select_related = ["committee"]
    filter_horizontal = ["sectors", "lead_members"]
    inlines = [TeamMemberInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("sectors")

    @admin.display(description=_("sectors"))
    def sector_names(self, obj):
        return "、".join(sector.name for sector in obj.sectors.all())


class WhenFilter(admin.SimpleListFilter):
    """Activities by when they take place, in local dates (the admin home's queue links to
    ``?when=week``: today and the six days after)."""

    title = _("when")
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [("week", _("the coming 7 days")), ("past", _("already held"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "week":
            return queryset.filter(date__gte=today, date__lte=today + datetime.timedelta(days=6))
        if self.value() == "past":
            return queryset.filter(date__lt=today)
        return queryset


class LeaveFilter(admin.SimpleListFilter):
    """Activities with leave requests awaiting a decision (``?leave=pending``)."""

    title = _("leave requests")
    parameter_name = "leave"

    def lookups(self, request, model_admin):
        return [("pending", _("awaiting a decision"))]

    def queryset(self, request, queryset):
        if self.value() == "pending":
            return selectors.with_leave_pending(queryset)
        return queryset


class AttendanceRowForm(forms.Form):
    """One participant's row of the attendance grid."""

    attendance = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("status"), choices=Attendance.Status.choices)
    spoke = forms.BooleanField(label=_("spoke"), required=False)
    leave_reason = forms.CharField(label=_("leave reason"), max_length=300, required=False)
    seat = forms.CharField(label=_("seat"), max_length=50, required=False)
    note = forms.CharField(
        label=_("reason for recording by hand"),
        max_length=200,
        required=False,
        help_text=_("Kept on the attendance's timeline, e.g. the member could not scan the code."),
    )

    def clean(self):
        data = super().clean()
        if data.get("spoke") and data.get("status") != Attendance.Status.PRESENT:
            self.add_error("spoke", _("Only a member who was present can have spoken."))
        return data


class AddParticipantForm(AttendanceRowForm):
    """A member not yet on the list, added with their status."""

    attendance = None
    member = forms.ModelChoiceField(label=_("member"), queryset=Member.objects.none(), required=False)
    status = forms.ChoiceField(
        label=_("status"), choices=[("", "---------"), *Attendance.Status.choices], required=False
    )

    field_order = ["member", "status", "spoke", "leave_reason", "seat", "note"]

    def clean(self):
        data = super().clean()
        if data.get("member") and not data.get("status"):
            self.add_error("status", _("Choose the status."))
        return data


RowFormSet = forms.formset_factory(AttendanceRowForm, extra=0)
AddFormSet = forms.formset_factory(AddParticipantForm, extra=3)


class AttendanceGrid:
    """The attendance of an activity in one form: a row per participant, and a few rows to add
    members not yet on the list. ``rows()`` are what changed, for ``attendance_record_many``."""

    def __init__(self, activity: Activity, user, data=None):
        self.participants = list(selectors.activity_participants(activity))
        self.by_pk = {a.pk: a for a in self.participants}
        self.rows_formset = RowFormSet(
            data,
            prefix="grid",
            initial=[
                {
                    "attendance": a.pk,
                    "status": a.status,
                    "spoke": a.spoke,
                    "leave_reason": a.leave_reason,
                    "seat": a.seat,
                }
                for a in self.participants
            ],
        )
        self.add_formset = AddFormSet(data, prefix="add")
        members = (
            Member.objects.restrict(user, PICK)
            .filter(committee_id=activity.committee_id, is_active=True)
            .exclude(pk__in=[a.member_id for a in self.participants])
            .order_by("name")
        )
        for form in self.add_formset:
            form.fields["member"].queryset = members

    def lines(self):
        return list(zip(self.participants, self.rows_formset, strict=False))

    def is_valid(self) -> bool:
        valid = self.rows_formset.is_valid() & self.add_formset.is_valid()
        if valid and any(form.cleaned_data["attendance"] not in self.by_pk for form in self.rows_formset):
            self.rows_formset._non_form_errors = self.rows_formset.error_class(
                [_("The list changed meanwhile; open the page again.")]
            )
            return False
        return valid

    def errors(self) -> list[str]:
        found = list(self.rows_formset.non_form_errors()) + list(self.add_formset.non_form_errors())
        for participant, form in self.lines():
            found += [f"{participant.member.name}：{e}" for errors in form.errors.values() for e in errors]
        for form in self.add_formset:
            found += [e for errors in form.errors.values() for e in errors]
        return found

    def rows(self) -> list[dict]:
        changed = []
        for form in self.rows_formset:
            data = form.cleaned_data
            attendance = self.by_pk[data["attendance"]]
            if (data["status"], data["spoke"], data["leave_reason"], data["seat"]) != (
                attendance.status,
                attendance.spoke,
                attendance.leave_reason,
                attendance.seat,
            ):
                changed.append({**data, "member": attendance.member})
        changed += [
            {name: form.cleaned_data[name] for name in AddParticipantForm.field_order}
            for form in self.add_formset
            if form.cleaned_data.get("member")
        ]
        return changed


class AttachmentInline(RestrictedTabularInline):
    model = ActivityAttachment
    fields = ["file", "original_name"]
    extra = 0


@admin.register(Activity)
class ActivityAdmin(CommitteeImportExportMixin, RestrictedAdmin):
    resource_classes = [ActivityResource]
    change_list_template = "admin/platforms/activity/change_list.html"
    list_display = [
        "date",
        "title",
        "committee",
        "kind",
        "platform_entity",
        "plan_task",
        "completed",
        "problems_solved",
        "people_reached",
    ]
    list_filter = [
        COMMITTEE_FILTER,
        WhenFilter,
        LeaveFilter,
        "kind",
        year_filter("date"),
        "plan_task",
        "completed",
        "topic_source",
        ("room", admin.RelatedOnlyFieldListFilter),
        ("sector_group", admin.RelatedOnlyFieldListFilter),
        ("study_room", admin.RelatedOnlyFieldListFilter),
    ]
    date_hierarchy = "date"
    search_fields = ["title", "topic", "venue"]
    search_help_text = _("Search by number, title, topic or venue.")
    list_select_related = ["committee", "room", "sector_group", "study_room"]
    autocomplete_fields = ["room", "sector_group", "study_room"]
    inlines = [AttachmentInline]
    fieldsets = (
        (None, {"fields": ("committee", "kind", "title", "topic", "topic_source")}),
        (_("When and where"), {"fields": ("date", "starts_at", "ends_at", "venue")}),
        (_("Meeting pack"), {"fields": ("agenda",)}),
        (_("Platform"), {"fields": ("room", "sector_group", "study_room")}),
        (_("Consultation plan"), {"fields": ("plan_task", "completed")}),
        (
            _("Outcomes"),
            {"fields": ("suggestions", "problems_found", "problems_solved", "people_reached", "summary")},
        ),
    )

    @admin.display(description=_("platform"))
    def platform_entity(self, obj):
        return obj.room or obj.sector_group or obj.study_room or ""

    def save_model(self, request, obj, form, change):
        if change:
            services.activity_update(activity=obj, actor=request.user)
        else:
            services.activity_create(activity=obj, actor=request.user)

    def get_search_results(self, request, queryset, search_term):
        """Besides the title, topic and venue: an activity's number."""
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip().isdigit():
            found |= queryset.filter(pk=int(search_term))
        return found, may_have_duplicates

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        """The activity's page: its participants, and for whoever may change it the attendance grid
        and the leave requests to decide."""
        if obj is not None and change:
            grid = context.get("grid")
            if grid is None and self.has_change_permission(request, obj):
                grid = AttendanceGrid(obj, request.user)
            participants = grid.participants if grid else list(selectors.activity_participants(obj))
            context.update(
                grid=grid,
                participants=participants,
                leave_requests=[a for a in participants if a.status == Attendance.Status.LEAVE_REQUESTED],
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _page(self, activity: Activity, part: str) -> str:
        return reverse("admin:platforms_activity_change", args=[activity.pk]) + f"#{part}"

    def _activity_to_change(self, request, pk) -> Activity:
        activity = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_change_permission(request, activity):
            raise PermissionDenied
        return activity

    def attendance_view(self, request, pk):
        """The attendance grid: every changed row recorded through the service in one transaction,
        or, on any error, none, with the page shown again as it was filled in."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        activity = self._activity_to_change(request, pk)
        grid = AttendanceGrid(activity, request.user, request.POST)
        if grid.is_valid():
            rows = grid.rows()
            try:
                services.attendance_record_many(activity=activity, rows=rows, actor=request.user)
            except (PermissionDenied, ValidationError, InvalidTransition) as error:
                messages.error(request, error_text(error))
            else:
                messages.success(request, _("%(count)s attendance entries recorded.") % {"count": len(rows)})
                return redirect(
                    reverse("admin:platforms_activity_change", args=[activity.pk]) + "#attendance"
                )
        else:
            for error in grid.errors():
                messages.error(request, error)
        page = copy.copy(request)
        page.method, page.POST = "GET", QueryDict()
        return self.change_view(page, str(activity.pk), extra_context={"grid": grid})

    def leave_view(self, request, pk, attendance_pk, decision):
        """Approve or refuse one leave request, in place on the activity's page."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        activity = self._activity_to_change(request, pk)
        attendance = get_object_or_404(
            activity.attendances.select_related("member", "activity"), pk=attendance_pk
        )
        service = {
            "approve": services.attendance_approve_leave,
            "refuse": services.attendance_refuse_leave,
        }.get(decision)
        if service is None:
            raise Http404
        try:
            service(attendance=attendance, actor=request.user)
        except (PermissionDenied, ValidationError, InvalidTransition) as error:
            messages.error(request, f"{attendance.member.name}：{error_text(error)}")
        else:
            done = (
                _("Leave approved for %(name)s.")
                if decision == "approve"
                else _("Leave refused for %(name)s.")
            )
            messages.success(request, done % {"name": attendance.member.name})
        return redirect(self._page(activity, "leave"))

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "upcoming/",
                self.admin_site.admin_view(self.upcoming_view),
                name=f"{info[0]}_{info[1]}_upcoming",
            ),
            path(
                "<int:pk>/attendance/",
                self.admin_site.admin_view(self.attendance_view),
                name=f"{info[0]}_{info[1]}_attendance",
            ),
            path(
                "<int:pk>/attendance/<int:attendance_pk>/<str:decision>/",
                self.admin_site.admin_view(self.leave_view),
                name=f"{info[0]}_{info[1]}_leave",
            ),
            path(
                "<int:pk>/checkin/",
                self.admin_site.admin_view(self.checkin_screen_view),
                name=f"{info[0]}_{info[1]}_checkin",
            ),
            path(
                "<int:pk>/checkin/state/",
                self.admin_site.admin_view(self.checkin_state_view),
                name=f"{info[0]}_{info[1]}_checkin_state",
            ),
            path(
                "<int:pk>/sign-in/",
                self.admin_site.admin_view(self.sign_in_view),
                name=f"{info[0]}_{info[1]}_sign_in",
            ),
            *super().get_urls(),
        ]

    def upcoming_view(self, request):
        """The coming 60 days, day by day, like a calendar."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        today = timezone.localdate()
        activities = selectors.upcoming_activities(activities=self.get_queryset(request), today=today)
        days: dict = {}
        for activity in activities:
            days.setdefault(activity.date, []).append(activity)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Upcoming activities"),
            "days": sorted(days.items()),
            "today": today,
        }
        return TemplateResponse(request, "admin/platforms/upcoming.html", context)

    def _checkin_state(self, request, activity: Activity) -> dict:
        return {**checkin.code_for_screen(request, activity), **selectors.checkin_board(activity)}

    def checkin_screen_view(self, request, pk):
        """The check-in screen (签到大屏): the QR code big, renewed every 30 seconds, and the live
        count of who is present and who is missing (static/js/checkin_screen.js polls the state)."""
        activity = self._activity_to_change(request, pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Check-in screen"),
            "activity": activity,
            "state": self._checkin_state(request, activity),
            "slot_seconds": checkin.slot_seconds(),
        }
        return TemplateResponse(request, "admin/platforms/checkin.html", context)

    def checkin_state_view(self, request, pk):
        """The screen's state as JSON: the current code and its QR code, the count and who is missing
        (never cached: ``admin_view`` marks it so)."""
        activity = self._activity_to_change(request, pk)
        return JsonResponse(self._checkin_state(request, activity))

    def sign_in_view(self, request, pk):
        """Import the activity's sign-in sheet: every row is recorded, or none when any row is wrong."""
        activity = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_change_permission(request, activity):
            raise PermissionDenied
        form = SignInSheetForm(request.POST or None, request.FILES or None)
        errors: list[str] = []
        if request.method == "POST" and form.is_valid():
            rows, errors = read_sign_in_sheet(form.cleaned_data["sheet"], activity=activity)
            if not errors:
                try:
                    with transaction.atomic():
                        services.attendance_record_many(activity=activity, rows=rows, actor=request.user)
                except ValidationError as error:
                    errors = error.messages
                else:
                    messages.success(
                        request, _("%(count)s attendance entries recorded.") % {"count": len(rows)}
                    )
                    return redirect("admin:platforms_activity_change", activity.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import the sign-in sheet"),
            "activity": activity,
            "form": form,
            "errors": errors,
        }
        return TemplateResponse(request, "admin/platforms/sign_in.html", context)


class SignInSheetForm(forms.Form):
    sheet = forms.FileField(
        label=_("sign-in sheet (.xlsx)"),
        validators=[validate_spreadsheet],
        help_text=_(
            "Columns: 编号 (optional), 姓名, 出席情况 (出席/请假已批准/缺席 …), 发言 (是/否), 请假事由."
        ),
    )


@admin.register(Attendance)
class AttendanceAdmin(ExportMixin, RestrictedAdmin):
    """Everyone's attendance, filtered and exported; leave requests are approved or refused here."""

    resource_classes = [AttendanceResource]
    list_display = ["member", "activity", "activity_date", "status", "spoke", "leave_reason"]
    list_filter = [
        ("activity__committee", admin.RelatedOnlyFieldListFilter),
        "status",
        "activity__kind",
        year_filter("activity__date"),
    ]
    search_fields = ["member__name", "activity__title"]
    list_select_related = ["member", "activity"]
    readonly_fields = ["activity", "member", "status", "spoke", "leave_reason"]
    actions = ["approve_leave", "refuse_leave"]

    @admin.display(description=_("date"), ordering="activity__date")
    def activity_date(self, obj):
        return obj.activity.date

    def has_add_permission(self, request):
        return False

    def _decide(self, request, queryset, service):
        done = 0
        for attendance in queryset.select_related("activity"):
            try:
                service(attendance=attendance, actor=request.user)
                done += 1
            except (PermissionDenied, ValidationError, InvalidTransition) as error:
                self.message_user(request, f"{attendance}: {error}", messages.WARNING)
        self.message_user(request, _("%(count)s leave requests decided.") % {"count": done})

    @admin.action(description=_("Approve the selected leave requests"))
    def approve_leave(self, request, queryset):
        self._decide(request, queryset, services.attendance_approve_leave)

    @admin.action(description=_("Refuse the selected leave requests"))
    def refuse_leave(self, request, queryset):
        self._decide(request, queryset, services.attendance_refuse_leave)


@admin.register(Publication)
class PublicationAdmin(CommitteeImportExportMixin, RestrictedAdmin):
    resource_classes = [PublicationResource]
    list_display = ["title", "committee", "outlet", "level", "channel", "published_on"]
    list_filter = [COMMITTEE_FILTER, "level", "channel", year_filter("published_on")]
    date_hierarchy = "published_on"
    search_fields = ["title", "outlet"]
    list_select_related = ["committee"]


@admin.register(Visit)
class VisitAdmin(CommitteeImportExportMixin, RestrictedAdmin):
    resource_classes = [VisitResource]
    list_display = ["organisation", "committee", "kind", "date", "activity"]
    list_filter = [COMMITTEE_FILTER, "kind", year_filter("date")]
    date_hierarchy = "date"
    search_fields = ["organisation"]
    list_select_related = ["committee", "activity"]
    raw_id_fields = ["activity"]
