"""The dashboards' endpoints under /api/dashboard/: the report card (JSON, Excel, Word), one
endpoint per chart, and the lists of key proposals and overdue replies. Their reads come from the
replica when there is one (cppcc/core/replica.py); authentication happens before, on the primary."""

from django.http import Http404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from cppcc.core.conventions import Pagination
from cppcc.core.downloads import DOCX, XLSX
from cppcc.core.replica import replica_reads
from cppcc.core.rest import JSONOnly
from cppcc.core.schema import NOT_FOUND

from . import proposal_report, report, selectors, units
from .charts import CHARTS
from .params import dashboard_choice

FORMATS = ("json", "xlsx", "docx")
# A committee the user does not oversee answers 404 (NOT_FOUND), like any object they may not read.
SCOPE_PARAMETERS = [OpenApiParameter("year", int), OpenApiParameter("committee", int)]


class DashboardView(APIView):
    renderer_classes = [JSONRenderer]
    content_negotiation_class = JSONOnly

    def choice(self):
        return dashboard_choice(self.request.user, self.request.query_params)


COUNT = serializers.IntegerField()


def counts(name: str, keys: list[str]):
    return inline_serializer(name, dict.fromkeys(keys, COUNT))


REPORT_CARD_SCHEMA = inline_serializer(
    "ReportCard",
    {
        "year": COUNT,
        "committee": COUNT,
        "consultation_tasks_completed": COUNT,
        "proposals_registered": COUNT,
        "opinions_submitted": COUNT,
        "duty_activities": COUNT,
        "party_learning_sessions": COUNT,
        "opinions_adopted": counts(
            "ReportCardOpinions",
            [
                "province_cppcc",
                "forwarded_national_cppcc",
                "forwarded_province_party_office",
                "city_party_committee",
            ],
        ),
        "visits": counts("ReportCardVisits", ["chambers_of_commerce", "member_enterprises"]),
        "deliberation": counts("ReportCardDeliberation", ["rooms", "activities", "problems_solved"]),
        "sector_groups": counts(
            "ReportCardSectorGroups",
            ["total", "new", "sectors", "lead_members", "team_members", "activities", "people_reached"],
        ),
        "study": counts(
            "ReportCardStudy", ["learning_activities", "study_rooms", "reading_activities", "lectures"]
        ),
        "publicity": counts("ReportCardPublicity", ["provincial_media_articles", "wechat_posts"]),
    },
)


class ReportCardView(DashboardView):
    """The annual report card (年度履职成绩单) of a committee and every committee below it, as JSON,
    an Excel sheet (``format=xlsx``) or a Word report (``format=docx``). Secretariat and leaders."""

    @extend_schema(
        parameters=[*SCOPE_PARAMETERS, OpenApiParameter("format", str, enum=FORMATS)],
        responses={
            (200, "application/json"): REPORT_CARD_SCHEMA,
            (200, XLSX): OpenApiResponse(OpenApiTypes.BINARY, description="The card as an Excel sheet."),
            (200, DOCX): OpenApiResponse(OpenApiTypes.BINARY, description="The card as a Word document."),
            404: NOT_FOUND,
        },
    )
    @replica_reads()
    def get(self, request):
        choice = self.choice()
        output = request.query_params.get("format", "json")
        if output not in FORMATS:
            raise exceptions.ValidationError(
                {"format": [_("Choose one of the formats json, xlsx and docx.")]}
            )
        card = selectors.report_card(
            committee=choice.committee, year=choice.year, committee_ids=choice.scope.committee_ids
        )
        if output == "xlsx":
            return report.workbook_response(card, choice.committee)
        if output == "docx":
            return report.document_response(card, choice.committee)
        return Response(card)


CHART_SCHEMA = inline_serializer(
    "Chart",
    {
        "title": serializers.CharField(),
        "type": serializers.ChoiceField(choices=["bar", "stacked", "line", "pie", "funnel"]),
        "categories": serializers.ListField(child=serializers.CharField()),
        "series": serializers.ListField(child=serializers.DictField()),
        "links": serializers.ListField(child=serializers.CharField(allow_null=True), required=False),
        "horizontal": serializers.BooleanField(required=False),
    },
)


class ChartView(DashboardView):
    """One chart of the dashboard, in the shape static/js/charts.js draws."""

    @extend_schema(
        parameters=[
            OpenApiParameter("name", str, OpenApiParameter.PATH, enum=list(CHARTS)),
            *SCOPE_PARAMETERS,
        ],
        responses=CHART_SCHEMA,
    )
    @replica_reads()
    def get(self, request, name: str):
        scope = self.choice().scope
        if name not in CHARTS:
            raise Http404
        return Response(CHARTS[name].data(scope))


KEY_PROPOSAL_SCHEMA = inline_serializer(
    "DashboardKeyProposal",
    {
        "id": COUNT,
        "committee": COUNT,
        "number": serializers.IntegerField(allow_null=True),
        "code": serializers.CharField(help_text="案号, e.g. 十四届三次会议第0012号; empty until registered"),
        "title": serializers.CharField(),
        "state": serializers.CharField(),
        "state_display": serializers.CharField(),
        "supervisors": serializers.ListField(child=serializers.DictField()),
        "units": serializers.ListField(child=serializers.CharField()),
    },
    many=True,
)
PAGE_PARAMETERS = [OpenApiParameter("page", int), OpenApiParameter("page_size", int)]
OVERDUE_REPLY = inline_serializer(
    "DashboardOverdueReply",
    {
        "proposal": COUNT,
        "committee": COUNT,
        "number": serializers.IntegerField(allow_null=True),
        "code": serializers.CharField(help_text="案号, e.g. 十四届三次会议第0012号; empty until registered"),
        "title": serializers.CharField(),
        "unit": COUNT,
        "unit_name": serializers.CharField(),
        "assigned_on": serializers.DateField(),
        "due_on": serializers.DateField(),
    },
    many=True,
)
OVERDUE_SCHEMA = inline_serializer(
    "PaginatedDashboardOverdueReplyList",
    {
        "count": COUNT,
        "next": serializers.URLField(allow_null=True),
        "previous": serializers.URLField(allow_null=True),
        "results": OVERDUE_REPLY,
    },
)


class KeyProposalsView(DashboardView):
    """The year's key proposals with their supervising leaders and lead units."""

    @extend_schema(parameters=SCOPE_PARAMETERS, responses={200: KEY_PROPOSAL_SCHEMA, 404: NOT_FOUND})
    @replica_reads()
    def get(self, request):
        return Response(
            [
                {
                    "id": proposal.pk,
                    "committee": proposal.committee_id,
                    "number": proposal.number,
                    "code": proposal.code,
                    "title": proposal.title,
                    "state": proposal.state,
                    "state_display": proposal.get_state_display(),
                    "supervisors": [{"id": m.pk, "name": m.name} for m in proposal.supervisors.all()],
                    "units": [a.unit.name for a in proposal.assignments.all()],
                }
                for proposal in selectors.key_proposals(self.choice().scope)
            ]
        )


class OverdueView(DashboardView):
    """Replies overdue today in the committee and those below it (督办), most overdue first, a page
    at a time: a province has them by the thousand."""

    @extend_schema(
        parameters=SCOPE_PARAMETERS + PAGE_PARAMETERS, responses={200: OVERDUE_SCHEMA, 404: NOT_FOUND}
    )
    @replica_reads()
    def get(self, request):
        paginator = Pagination()
        page = paginator.paginate_queryset(selectors.overdue_assignments(self.choice().scope), request, self)
        return paginator.get_paginated_response(
            [
                {
                    "proposal": a.proposal_id,
                    "committee": a.proposal.committee_id,
                    "number": a.proposal.number,
                    "code": a.proposal.code,
                    "title": a.proposal.title,
                    "unit": a.unit_id,
                    "unit_name": a.unit.name,
                    "assigned_on": a.assigned_on,
                    "due_on": a.due_on,
                }
                for a in page
            ]
        )


RATE = serializers.FloatField()
PROPOSAL_REPORT_SCHEMA = inline_serializer(
    "ProposalReport",
    {
        "year": COUNT,
        "committee": COUNT,
        "committee_name": serializers.CharField(),
        **dict.fromkeys(
            [
                "received",
                "registered",
                "not_registered",
                "merged",
                "withdrawn",
                "during_plenary",
                "between_sessions",
                "handled",
                "replies_owed",
                "replies_made",
                "replied_on_time",
                "rehandled",
                "excellent",
            ],
            COUNT,
        ),
        "registration_rate": RATE,
        "handled_rate": RATE,
        "on_time_rate": RATE,
        "by_source": serializers.DictField(),
        "by_category": serializers.ListField(child=serializers.DictField()),
        "key_proposals": serializers.ListField(child=serializers.DictField()),
        "reply_categories": serializers.DictField(),
        "satisfaction": serializers.DictField(),
    },
)
REPORT_FORMATS = ("json", "docx")


class ProposalReportView(DashboardView):
    """The annual proposal work report (年度提案工作情况报告) of a committee and every committee
    below it: its figures as JSON, or the report as a Word document (``format=docx``). Secretariat
    and leaders."""

    @extend_schema(
        parameters=[*SCOPE_PARAMETERS, OpenApiParameter("format", str, enum=REPORT_FORMATS)],
        responses={
            (200, "application/json"): PROPOSAL_REPORT_SCHEMA,
            (200, DOCX): OpenApiResponse(OpenApiTypes.BINARY, description="The report as a Word document."),
            404: NOT_FOUND,
        },
    )
    @replica_reads()
    def get(self, request):
        choice = self.choice()
        output = request.query_params.get("format", "json")
        if output not in REPORT_FORMATS:
            raise exceptions.ValidationError({"format": [_("Choose one of the formats json and docx.")]})
        data = proposal_report.figures(choice.scope)
        if output == "docx":
            return proposal_report.document_response(data, choice.committee)
        return Response(data)


UNIT_ROW = inline_serializer(
    "DashboardUnitRow",
    {
        **{
            name: COUNT
            for name in units.COLUMNS
            if name not in ("unit_name", "on_time_rate", "satisfaction_rate")
        },
        "unit_name": serializers.CharField(),
        "on_time_rate": serializers.FloatField(),
        "satisfaction_rate": serializers.FloatField(),
    },
    many=True,
)
UNIT_FORMATS = ("json", "xlsx")


class UnitsView(DashboardView):
    """The handling-unit assessment (承办单位办理情况) over the year's registered proposals: one row
    per unit, in the committees' assessment order, as JSON or an Excel sheet (``format=xlsx``).
    The figures are defined in ``units.py``. Secretariat and leaders."""

    @extend_schema(
        parameters=[*SCOPE_PARAMETERS, OpenApiParameter("format", str, enum=UNIT_FORMATS)],
        responses={
            (200, "application/json"): UNIT_ROW,
            (200, XLSX): OpenApiResponse(OpenApiTypes.BINARY, description="The table as an Excel sheet."),
            404: NOT_FOUND,
        },
    )
    @replica_reads()
    def get(self, request):
        choice = self.choice()
        output = request.query_params.get("format", "json")
        if output not in UNIT_FORMATS:
            raise exceptions.ValidationError({"format": [_("Choose one of the formats json and xlsx.")]})
        rows = units.unit_table(choice.scope)
        if output == "xlsx":
            return units.workbook_response(choice.scope, rows)
        return Response(rows)


urlpatterns = [
    path("units/", UnitsView.as_view(), name="api-dashboard-units"),
    path("report-card/", ReportCardView.as_view(), name="api-dashboard-report-card"),
    path("charts/<slug:name>/", ChartView.as_view(), name="api-dashboard-chart"),
    path("key-proposals/", KeyProposalsView.as_view(), name="api-dashboard-key-proposals"),
    path("overdue/", OverdueView.as_view(), name="api-dashboard-overdue"),
    path("proposal-report/", ProposalReportView.as_view(), name="api-dashboard-proposal-report"),
]
