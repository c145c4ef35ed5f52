"""Excel layouts of the platform lists (export of filtered lists, import into one committee) and
the sign-in sheet (签到表) of an activity."""

from django.db.models import Count
from django.utils.translation import gettext as _
from import_export import fields, widgets
from openpyxl import load_workbook

from cppcc.org.models import Committee, Member, Sector
from cppcc.org.resources import (
    ChoiceWidget,
    CommitteeScopedResource,
    NamedForeignKeyWidget,
    NamedManyToManyWidget,
    SafeExportResource,
    YesNoWidget,
)

from . import services
from .models import Activity, Attendance, DeliberationRoom, Publication, SectorGroup, StudyRoom, Visit


def _committee_column():
    return fields.Field(attribute="committee__name", column_name="政协组织", readonly=True)


class ActivityResource(CommitteeScopedResource):
    id = fields.Field(attribute="id", column_name="编号", widget=widgets.IntegerWidget())
    committee = _committee_column()
    kind = fields.Field(attribute="kind", column_name="类型", widget=ChoiceWidget(Activity.Kind))
    title = fields.Field(attribute="title", column_name="名称")
    topic = fields.Field(attribute="topic", column_name="议题")
    date = fields.Field(attribute="date", column_name="日期", widget=widgets.DateWidget("%Y-%m-%d"))
    venue = fields.Field(attribute="venue", column_name="地点")
    room = fields.Field(attribute="room", column_name="议事室")
    sector_group = fields.Field(attribute="sector_group", column_name="界别同心汇")
    study_room = fields.Field(attribute="study_room", column_name="学而书房")
    topic_source = fields.Field(
        attribute="topic_source", column_name="选题方式", widget=ChoiceWidget(Activity.TopicSource)
    )
    plan_task = fields.Field(attribute="plan_task", column_name="协商计划任务", widget=YesNoWidget())
    completed = fields.Field(attribute="completed", column_name="已完成", widget=YesNoWidget())
    suggestions = fields.Field(
        attribute="suggestions", column_name="提出建议", widget=widgets.IntegerWidget()
    )
    problems_found = fields.Field(
        attribute="problems_found", column_name="发现问题", widget=widgets.IntegerWidget()
    )
    problems_solved = fields.Field(
        attribute="problems_solved", column_name="解决问题", widget=widgets.IntegerWidget()
    )
    people_reached = fields.Field(
        attribute="people_reached", column_name="影响人次", widget=widgets.IntegerWidget()
    )
    summary = fields.Field(attribute="summary", column_name="纪要")

    class Meta:
        model = Activity
        fields = [
            "id",
            "committee",
            "kind",
            "title",
            "topic",
            "date",
            "venue",
            "room",
            "sector_group",
            "study_room",
            "topic_source",
            "plan_task",
            "completed",
            "suggestions",
            "problems_found",
            "problems_solved",
            "people_reached",
            "summary",
        ]
        import_id_fields = ["id"]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def __init__(self, committee: Committee | None = None, **kwargs):
        super().__init__(committee=committee, **kwargs)
        scope = {"committee": committee} if committee else {}
        self.fields["room"].widget = NamedForeignKeyWidget(DeliberationRoom.objects.filter(**scope))
        self.fields["sector_group"].widget = NamedForeignKeyWidget(SectorGroup.objects.filter(**scope))
        self.fields["study_room"].widget = NamedForeignKeyWidget(StudyRoom.objects.filter(**scope))

    def get_queryset(self):
        return super().get_queryset().select_related("committee", "room", "sector_group", "study_room")

    def before_import_row(self, row, **kwargs):
        if not str(row.get("名称") or "").strip():
            raise ValueError(_("The title (名称) is required."))

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if instance.topic_source is None:  # a blank 选题方式 cell
            instance.topic_source = ""

    def after_save_instance(self, instance, row, **kwargs):
        services.activity_invite_members(activity=instance)


class _EntityResource(CommitteeScopedResource):
    id = fields.Field(attribute="id", column_name="编号", widget=widgets.IntegerWidget())
    committee = _committee_column()
    name = fields.Field(attribute="name", column_name="名称")
    location = fields.Field(attribute="location", column_name="所在县区镇街")
    address = fields.Field(attribute="address", column_name="地址")
    founded_on = fields.Field(
        attribute="founded_on", column_name="建成日期", widget=widgets.DateWidget("%Y-%m-%d")
    )
    is_active = fields.Field(attribute="is_active", column_name="在用", widget=YesNoWidget(blank=True))

    class Meta:
        fields = ["id", "committee", "name", "kind", "location", "address", "founded_on", "is_active"]
        import_id_fields = ["id"]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def before_import_row(self, row, **kwargs):
        if not str(row.get("名称") or "").strip():
            raise ValueError(_("The name (名称) is required."))


class RoomResource(_EntityResource):
    kind = fields.Field(attribute="kind", column_name="类型", widget=ChoiceWidget(DeliberationRoom.Kind))

    class Meta(_EntityResource.Meta):
        model = DeliberationRoom


class StudyRoomResource(_EntityResource):
    kind = fields.Field(attribute="kind", column_name="类型", widget=ChoiceWidget(StudyRoom.Kind))

    class Meta(_EntityResource.Meta):
        model = StudyRoom


class SectorGroupResource(CommitteeScopedResource):
    id = fields.Field(attribute="id", column_name="编号", widget=widgets.IntegerWidget())
    committee = _committee_column()
    name = fields.Field(attribute="name", column_name="名称")
    sectors = fields.Field(attribute="sectors", column_name="界别", m2m_add=False)
    lead_members = fields.Field(attribute="lead_members", column_name="牵头委员", m2m_add=False)
    team_members_count = fields.Field(attribute="team_members_count", column_name="团队成员数", readonly=True)
    founded_on = fields.Field(
        attribute="founded_on", column_name="成立日期", widget=widgets.DateWidget("%Y-%m-%d")
    )

    class Meta:
        model = SectorGroup
        fields = ["id", "committee", "name", "sectors", "lead_members", "team_members_count", "founded_on"]
        import_id_fields = ["id"]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def __init__(self, committee: Committee | None = None, **kwargs):
        super().__init__(committee=committee, **kwargs)
        scope = {"committee": committee} if committee else {}
        self.fields["sectors"].widget = NamedManyToManyWidget(Sector.objects.filter(**scope))
        self.fields["lead_members"].widget = NamedManyToManyWidget(Member.objects.filter(**scope))

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("committee")
            .prefetch_related("sectors", "lead_members")
            .annotate(team_members_count=Count("team_members"))
        )


class PublicationResource(CommitteeScopedResource):
    id = fields.Field(attribute="id", column_name="编号", widget=widgets.IntegerWidget())
    committee = _committee_column()
    title = fields.Field(attribute="title", column_name="标题")
    outlet = fields.Field(attribute="outlet", column_name="媒体")
    level = fields.Field(attribute="level", column_name="级别", widget=ChoiceWidget(Publication.Level))
    channel = fields.Field(attribute="channel", column_name="渠道", widget=ChoiceWidget(Publication.Channel))
    published_on = fields.Field(
        attribute="published_on", column_name="刊发日期", widget=widgets.DateWidget("%Y-%m-%d")
    )
    url = fields.Field(attribute="url", column_name="链接")

    class Meta:
        model = Publication
        fields = ["id", "committee", "title", "outlet", "level", "channel", "published_on", "url"]
        import_id_fields = ["id"]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def get_queryset(self):
        return super().get_queryset().select_related("committee")


class VisitResource(CommitteeScopedResource):
    id = fields.Field(attribute="id", column_name="编号", widget=widgets.IntegerWidget())
    committee = _committee_column()
    organisation = fields.Field(attribute="organisation", column_name="走访对象")
    kind = fields.Field(attribute="kind", column_name="类型", widget=ChoiceWidget(Visit.Kind))
    date = fields.Field(attribute="date", column_name="日期", widget=widgets.DateWidget("%Y-%m-%d"))
    activity = fields.Field(attribute="activity__title", column_name="所属活动", readonly=True)

    class Meta:
        model = Visit
        fields = ["id", "committee", "organisation", "kind", "date", "activity"]
        import_id_fields = ["id"]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def get_queryset(self):
        return super().get_queryset().select_related("committee", "activity")


class AttendanceResource(SafeExportResource):
    """Export only: attendance is recorded through the activity (inline, API or sign-in sheet)."""

    id = fields.Field(attribute="id", column_name="编号")
    committee = fields.Field(attribute="activity__committee__name", column_name="政协组织")
    date = fields.Field(attribute="activity__date", column_name="日期", widget=widgets.DateWidget("%Y-%m-%d"))
    activity = fields.Field(attribute="activity__title", column_name="活动")
    member = fields.Field(attribute="member__name", column_name="委员")
    status = fields.Field(attribute="status", column_name="出席情况", widget=ChoiceWidget(Attendance.Status))
    spoke = fields.Field(attribute="spoke", column_name="发言", widget=YesNoWidget())
    leave_reason = fields.Field(attribute="leave_reason", column_name="请假事由")

    class Meta:
        model = Attendance
        fields = ["id", "committee", "date", "activity", "member", "status", "spoke", "leave_reason"]

    def get_queryset(self):
        return super().get_queryset().select_related("activity__committee", "member")


# --- the sign-in sheet ----------------------------------------------------------------------

SIGN_IN_COLUMNS = ("编号", "姓名", "出席情况", "发言", "请假事由")


def read_sign_in_sheet(upload, *, activity: Activity) -> tuple[list[dict], list[str]]:
    """Read a sign-in sheet (.xlsx: 姓名, 出席情况 and optionally 编号 (the member's id), 发言,
    请假事由) into attendance rows for ``activity``. Returns the rows and the errors, one per bad
    row; the caller saves nothing unless there are no errors."""
    try:
        sheet = load_workbook(upload, read_only=True, data_only=True).active
        lines = list(sheet.iter_rows(values_only=True))
    except Exception:  # openpyxl raises many kinds of errors for a file that is not a workbook
        return [], [_("The file is not an Excel workbook (.xlsx).")]
    if not lines:
        return [], [_("The sheet is empty.")]
    header = [str(cell or "").strip() for cell in lines[0]]
    missing = [name for name in ("姓名", "出席情况") if name not in header]
    if missing:
        return [], [_("The sheet needs the columns %(columns)s.") % {"columns": "、".join(missing)}]
    members = list(Member.objects.filter(committee_id=activity.committee_id).only("id", "name"))
    by_id = {member.pk: member for member in members}
    by_name: dict[str, list[Member]] = {}
    for member in members:
        by_name.setdefault(member.name, []).append(member)
    status_widget = ChoiceWidget(Attendance.Status)
    spoke_widget = YesNoWidget()
    rows, errors, seen = [], [], set()
    for number, line in enumerate(lines[1:], start=2):
        cells = dict(zip(header, line, strict=False))
        if all(value in (None, "") for value in cells.values()):
            continue
        try:
            row = _sign_in_row(cells, by_id, by_name, status_widget, spoke_widget)
            if row["member"].pk in seen:
                raise ValueError(_("%(name)s is named more than once.") % {"name": row["member"].name})
            seen.add(row["member"].pk)
            rows.append(row)
        except ValueError as error:
            errors.append(_("Row %(row)s: %(error)s") % {"row": number, "error": error})
    return rows, errors


def _sign_in_row(cells, by_id, by_name, status_widget, spoke_widget) -> dict:
    name = str(cells.get("姓名") or "").strip()
    given_id = cells.get("编号")
    if given_id not in (None, ""):
        try:
            member = by_id[int(given_id)]
        except (KeyError, TypeError, ValueError):
            raise ValueError(_("No member numbered %(id)s in this committee.") % {"id": given_id}) from None
        if name and member.name != name:
            raise ValueError(_("Member %(id)s is not named %(name)s.") % {"id": given_id, "name": name})
    else:
        found = by_name.get(name, [])
        if not found:
            raise ValueError(_("No member named “%(name)s” in this committee.") % {"name": name})
        if len(found) > 1:
            raise ValueError(
                _("Several members are named “%(name)s”: give the member's number (编号).") % {"name": name}
            )
        member = found[0]
    status = status_widget.clean(cells.get("出席情况"))
    if status is None:
        raise ValueError(_("The attendance (出席情况) is required."))
    spoke = spoke_widget.clean(cells.get("发言"))
    if spoke and status != Attendance.Status.PRESENT:
        raise ValueError(_("Only a member who was present can have spoken."))
    return {
        "member": member,
        "status": status,
        "spoke": spoke,
        "leave_reason": str(cells.get("请假事由") or "").strip()[:300],
    }
