"""Opinion reports API (API.md, "Opinion reports"): the reports with their lifecycle actions and
adoptions, and the issues of the periodical."""

import io

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from cppcc.core.audit import export_done
from cppcc.core.downloads import DOCX, XLSX, download_response
from cppcc.core.jobs.api import JobAcceptedSerializer, accepted
from cppcc.core.jobs.services import background, job_start
from cppcc.core.rest import PlannedSerializer, VisibleModelViewSet, display, listed, prefetched
from cppcc.org.models import Committee, Member, Party, Sector, SpecialCommittee

from . import selectors, services
from .documents import issue_document_response
from .filters import IssueFilter, OpinionReportFilter
from .jobs import report_export, report_rows
from .models import Adoption, Body, Issue, Level, OpinionReport, OpinionReportTimelineEntry


class AdoptionSerializer(PlannedSerializer):
    body_display = display("body")
    action_display = display("action")
    level = serializers.CharField(read_only=True)

    class Meta:
        model = Adoption
        fields = [
            "id",
            "body",
            "body_display",
            "level",
            "action",
            "action_display",
            "date",
            "leader",
            "leader_title",
            "reference",
            "note",
        ]


class AdoptionInputSerializer(serializers.Serializer):
    body = serializers.ChoiceField(choices=Body.choices)
    action = serializers.ChoiceField(choices=Adoption.Action.choices)
    date = serializers.DateField()
    leader = serializers.CharField(max_length=50, required=False, default="", allow_blank=True)
    leader_title = serializers.CharField(max_length=100, required=False, default="", allow_blank=True)
    reference = serializers.CharField(max_length=100, required=False, default="", allow_blank=True)
    note = serializers.CharField(required=False, default="", allow_blank=True)


class OpinionReportSerializer(PlannedSerializer):
    committee = serializers.PrimaryKeyRelatedField(queryset=Committee.objects.all())
    category_display = display("category")
    state_display = display("state")
    authors = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=Member.objects.all(),
        required=False,
        write_only=True,
        help_text="Member ids, lead author first.",
    )
    author_names = serializers.SerializerMethodField()
    author_party = serializers.PrimaryKeyRelatedField(
        queryset=Party.objects.all(), required=False, allow_null=True
    )
    author_sector = serializers.PrimaryKeyRelatedField(
        queryset=Sector.objects.all(), required=False, allow_null=True
    )
    author_special_committee = serializers.PrimaryKeyRelatedField(
        queryset=SpecialCommittee.objects.all(), required=False, allow_null=True
    )
    author_committee = serializers.PrimaryKeyRelatedField(
        queryset=Committee.objects.all(), required=False, allow_null=True
    )
    adoptions = AdoptionSerializer(many=True, read_only=True)
    level = serializers.ChoiceField(choices=Level.choices, read_only=True, allow_null=True)
    level_display = serializers.SerializerMethodField()
    converted_from_proposal = serializers.SerializerMethodField()

    class Meta:
        model = OpinionReport
        fields = [
            "id",
            "committee",
            "title",
            "content",
            "category",
            "category_display",
            "authors",
            "author_names",
            "author_party",
            "author_sector",
            "author_special_committee",
            "author_committee",
            "state",
            "state_display",
            "submitted_at",
            "reason",
            "issue",
            "adoptions",
            "level",
            "level_display",
            "converted_from_proposal",
        ]
        read_only_fields = ["state", "submitted_at", "reason", "issue"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["authors"] = [link.member_id for link in prefetched(instance, "author_links")]
        return data

    def get_author_names(self, report) -> list[str]:
        return [link.member.name for link in prefetched(report, "author_links")]

    def get_converted_from_proposal(self, report) -> int | None:
        """The proposal this report was converted from, when it was not registered."""
        proposal = getattr(report, "converted_from_proposal", None)
        return proposal.pk if proposal else None

    def get_level_display(self, report) -> str | None:
        return str(Level(report.level).label) if report.level else None


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class PublishSerializer(serializers.Serializer):
    issue = serializers.PrimaryKeyRelatedField(queryset=Issue.objects.all())


class TimelineSerializer(PlannedSerializer):
    actor = serializers.CharField(source="actor.display_name", default=None, read_only=True, allow_null=True)

    class Meta:
        model = OpinionReportTimelineEntry
        fields = ["at", "actor", "action", "from_state", "to_state", "note"]


class OpinionReportViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    VisibleModelViewSet,
):
    """Opinion reports. A member sees their own in every state; secretariat and leaders every
    report of their committees and those below. New reports are drafts."""

    queryset = OpinionReport.objects.all()
    serializer_class = OpinionReportSerializer
    # A detail reads, of these tables, only its own record's rows and those naming it.
    cached_by_record = True
    filterset_class = OpinionReportFilter
    uncached_actions = ("export",)
    search_fields = ["title", "content"]
    ordering_fields = ["id", "submitted_at", "title"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        # A page only serializes its rows: their relations as plain lists (as the proposals').
        prefetch = listed if self.action == "list" else Prefetch
        return selectors.report_list(super().get_queryset(), prefetch=prefetch)

    @extend_schema(
        responses={
            (200, XLSX): OpenApiResponse(
                OpenApiTypes.BINARY, description="The reports as the ledger's sheet."
            ),
            202: OpenApiResponse(
                JobAcceptedSerializer,
                description="More reports than a request exports (JOBS_BACKGROUND_ROWS): the job "
                "that writes the sheet; poll its url (/api/jobs/{id}/) for its progress and file.",
            ),
        }
    )
    @action(detail=False, methods=["get"])
    def export(self, request):
        """The reports of the list (its filters, what the user reads) as an Excel sheet in the
        ledger's columns; above ``JOBS_BACKGROUND_ROWS`` rows, ``202`` and a job to poll."""
        query = request.GET.urlencode()
        rows = report_rows(request.user, query).count()
        if background(rows):
            job = job_start(
                owner=request.user,
                kind="opinion_report_export",
                title=_("Export of opinion reports"),
                parameters={"query": query},
            )
            return accepted(job, request)
        filename, write = report_export(request.user, query)
        stream = io.BytesIO()
        write(stream)
        name = OpinionReport._meta.verbose_name_plural
        export_done(user=request.user, request=request, name=name, rows=rows, filters=query, file=filename)
        return download_response(stream.getvalue(), filename)

    def _reload(self, report) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=report.pk)).data)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report = services.report_create(actor=request.user, **serializer.validated_data)
        response = self._reload(report)
        response.status_code = status.HTTP_201_CREATED
        return response

    def partial_update(self, request, *args, **kwargs):
        report = self.get_object()
        serializer = self.get_serializer(report, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        if "committee" in changes and changes.pop("committee") != report.committee:
            raise serializers.ValidationError(
                {"committee": [_("A report cannot move to another committee.")]}
            )
        services.report_update(report=report, actor=request.user, **changes)
        return self._reload(report)

    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(request=None, responses=OpinionReportSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._reload(services.report_submit(report=self.get_object(), actor=request.user))

    @extend_schema(request=ReasonSerializer, responses=OpinionReportSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        report = self.get_object()
        body = ReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._reload(services.report_return(report=report, actor=request.user, **body.validated_data))

    @extend_schema(request=None, responses=OpinionReportSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._reload(services.report_accept(report=self.get_object(), actor=request.user))

    @extend_schema(request=ReasonSerializer, responses=OpinionReportSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        report = self.get_object()
        body = ReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._reload(services.report_decline(report=report, actor=request.user, **body.validated_data))

    @extend_schema(request=PublishSerializer, responses=OpinionReportSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        report = self.get_object()
        body = PublishSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._reload(services.report_publish(report=report, actor=request.user, **body.validated_data))

    @extend_schema(request=AdoptionInputSerializer, responses={201: AdoptionSerializer})
    @action(detail=True, methods=["post"])
    def adoptions(self, request, pk=None):
        report = self.get_object()
        body = AdoptionInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        adoption = services.adoption_record(report=report, actor=request.user, **body.validated_data)
        return Response(AdoptionSerializer(adoption).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=TimelineSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def history(self, request, pk=None):
        report = self.get_object()
        entries = report.timeline.select_related("actor").order_by("at", "id")
        return Response(TimelineSerializer(entries, many=True).data)


class IssueSerializer(PlannedSerializer):
    title = serializers.CharField(source="__str__", read_only=True)
    reports = serializers.SerializerMethodField()

    class Meta:
        model = Issue
        fields = ["id", "committee", "year", "number", "title", "published_on", "reports"]

    def get_reports(self, issue) -> list[int]:
        return [report.pk for report in issue.reports.all()]


class IssueViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, VisibleModelViewSet):
    """Issues of the periodical 《社情民意》 and their reports in order; the secretariat edits them
    in the admin."""

    queryset = Issue.objects.all()
    serializer_class = IssueSerializer
    filterset_class = IssueFilter
    ordering_fields = ["id", "year", "number", "published_on"]

    def get_queryset(self):
        return selectors.issue_list(super().get_queryset())

    @extend_schema(responses={(200, DOCX): OpenApiResponse(description="The issue as a Word document.")})
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def document(self, request, pk=None):
        return issue_document_response(self.get_object())


def register(router) -> None:
    router.register("opinions", OpinionReportViewSet, basename="opinion")
    router.register("opinion-issues", IssueViewSet, basename="opinion-issue")
