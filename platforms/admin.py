"""The secretariat's admin for activities and the platforms: filters by committee, kind, year and
platform entity; attendance inline and sign-in sheet import; a calendar-like list of what is coming;
per-room and per-group pages with their activities and totals; Excel export of every filtered list."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cppcc.core.admin import ExportMixin, RestrictedAdmin, RestrictedTabularInline
from cppcc.core.files import validate_spreadsheet
from cppcc.core.querysets import VIEW
from cppcc.core.workflow import InvalidTransition
from cppcc.org.admin import CommitteeImportExportMixin

from . import selectors, services
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


class AttendanceInline(RestrictedTabularInline):
    """The members on the list: the secretariat records each one's attendance."""

    model = Attendance
    fields = ["member", "status", "spoke", "leave_reason"]
    readonly_fields = ["member"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member").order_by("member_id")


class AddAttendanceInline(RestrictedTabularInline):
    """Add members to the list (meetings invite theirs by themselves)."""

    model = Attendance
    fields = ["member", "status", "spoke", "leave_reason"]
    raw_id_fields = ["member"]
    extra = 3
    can_delete = False
    verbose_name = _("add a participant")
    verbose_name_plural = _("add participants")

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).none()


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
    list_select_related = ["committee", "room", "sector_group", "study_room"]
    raw_id_fields = ["room", "sector_group", "study_room"]
    inlines = [AttendanceInline, AddAttendanceInline, AttachmentInline]
    fieldsets = (
        (None, {"fields": ("committee", "kind", "title", "topic", "topic_source")}),
        (_("When and where"), {"fields": ("date", "starts_at", "ends_at", "venue")}),
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

    def save_formset(self, request, form, formset, change):
        if formset.model is not Attendance:
            return super().save_formset(request, form, formset, change)
        changed = [item for item in formset.forms if item.has_changed() and item.cleaned_data]
        rows = [
            {
                **item.cleaned_data,
                "member": item.instance.member if item.instance.pk else item.cleaned_data["member"],
            }
            for item in changed
        ]
        saved = services.attendance_record_many(activity=form.instance, rows=rows, actor=request.user)
        # what the admin's change message reports
        formset.new_objects = [
            entry for item, entry in zip(changed, saved, strict=True) if not item.instance.pk
        ]
        formset.changed_objects = [
            (entry, item.changed_data) for item, entry in zip(changed, saved, strict=True) if item.instance.pk
        ]
        formset.deleted_objects = []

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "upcoming/",
                self.admin_site.admin_view(self.upcoming_view),
                name=f"{info[0]}_{info[1]}_upcoming",
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
