"""The Excel export of opinion reports: the columns of the ledger (see ``opinions.ledger``), with
the report's number (编号) and level in front."""

from django.db.models import Prefetch
from django.utils import timezone
from import_export import fields

from cppcc.org.resources import SafeExportResource

from .models import Adoption, Body, Level, OpinionReport, ReportAuthor
from .selectors import with_level


class OpinionReportResource(SafeExportResource):
    id = fields.Field(attribute="id", column_name="编号")
    title = fields.Field(attribute="title", column_name="标题")
    content = fields.Field(attribute="content", column_name="内容")
    authors = fields.Field(column_name="作者")
    organisation = fields.Field(column_name="报送单位")
    category = fields.Field(attribute="get_category_display", column_name="类别")
    submitted_on = fields.Field(column_name="报送日期")
    state = fields.Field(attribute="get_state_display", column_name="状态")
    issue = fields.Field(column_name="期号")
    published_on = fields.Field(column_name="刊发日期")
    reason = fields.Field(attribute="reason", column_name="不予采用理由")
    adoptions = fields.Field(column_name="采用情况")
    level = fields.Field(column_name="级别")

    class Meta:
        model = OpinionReport
        fields = export_order = [
            "id",
            "title",
            "content",
            "authors",
            "organisation",
            "category",
            "submitted_on",
            "state",
            "issue",
            "published_on",
            "reason",
            "adoptions",
            "level",
        ]

    def __init__(self, **kwargs):
        super().__init__()
        # Choice labels in the language of the export, made once rather than translated per row.
        self.labels = {
            choices: {value: str(label) for value, label in choices.choices}
            for choices in (Body, Adoption.Action, Level)
        }

    def with_related(self, queryset):
        """The authors' names, the adoptions, the issue, the authoring organisation and the level,
        in a fixed number of queries (the authors without the rest of their member records), as
        plain lists on each report (``sheet_authors``, ``sheet_adoptions``)."""
        if "level" not in queryset.query.annotations:
            queryset = with_level(queryset)
        authors = ReportAuthor.objects.select_related("member").only("report_id", "order", "member__name")
        return (
            queryset.prefetch_related(None)
            .prefetch_related(
                Prefetch("author_links", queryset=authors, to_attr="sheet_authors"),
                Prefetch("adoptions", to_attr="sheet_adoptions"),
            )
            .select_related(
                "issue", "author_party", "author_sector", "author_special_committee", "author_committee"
            )
        )

    def dehydrate_authors(self, report) -> str:
        return "、".join(link.member.name for link in report.sheet_authors)

    def dehydrate_organisation(self, report) -> str:
        return str(report.organisation or "")

    def dehydrate_submitted_on(self, report) -> str:
        return timezone.localdate(report.submitted_at).isoformat() if report.submitted_at else ""

    def dehydrate_issue(self, report) -> str:
        return f"{report.issue.year}年第{report.issue.number}期" if report.issue else ""

    def dehydrate_published_on(self, report) -> str:
        return report.issue.published_on.isoformat() if report.issue else ""

    def dehydrate_adoptions(self, report) -> str:
        bodies, actions = self.labels[Body], self.labels[Adoption.Action]
        events = []
        for a in report.sheet_adoptions:
            text = f"{bodies.get(a.body, a.body)}{actions.get(a.action, a.action)} {a.date.isoformat()}"
            if a.leader:
                text += f" {a.leader}（{a.leader_title}）" if a.leader_title else f" {a.leader}"
            events.append(text)
        return "；".join(events)

    def dehydrate_level(self, report) -> str:
        level = getattr(report, "level", None)
        return self.labels[Level][level] if level else ""
