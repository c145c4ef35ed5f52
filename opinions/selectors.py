"""Reads of opinion reports: what their lists show, a report's level, and the counts the member
record and the report card are built on."""

from django.db.models import Case, Count, Exists, OuterRef, Prefetch, Q, QuerySet, Value, When

from cppcc.org.models import Member
from cppcc.org.roles import in_committees

from .models import Adoption, Body, Issue, Level, OpinionReport, ReportAuthor, bodies_at

State = OpinionReport.State


def _adopted_at(level: str) -> Exists:
    return Exists(
        Adoption.objects.filter(
            report=OuterRef("pk"), action=Adoption.Action.ADOPTED, body__in=bodies_at(level)
        )
    )


def with_level(queryset: QuerySet[OpinionReport]) -> QuerySet[OpinionReport]:
    """Annotate ``level``: the highest level at which the report was adopted, or null."""
    return queryset.annotate(
        level=Case(
            When(_adopted_at(Level.NATIONAL), then=Value(Level.NATIONAL.value)),
            When(_adopted_at(Level.PROVINCE), then=Value(Level.PROVINCE.value)),
            When(_adopted_at(Level.CITY), then=Value(Level.CITY.value)),
            default=Value(None),
        )
    )


def report_list(reports: QuerySet[OpinionReport], *, prefetch=Prefetch) -> QuerySet[OpinionReport]:
    """Reports with what their lists show: the level, the proposal converted from, the authors and
    the adoptions, in a fixed number of queries; ``prefetch=listed`` as ``proposal_list``."""
    return with_level(reports.select_related("converted_from_proposal")).prefetch_related(
        prefetch(
            "author_links", queryset=ReportAuthor.objects.select_related("member").order_by("order", "id")
        ),
        prefetch("adoptions", queryset=Adoption.objects.order_by("date", "id")),
    )


def issue_list(issues: QuerySet[Issue]) -> QuerySet[Issue]:
    """Issues of the periodical with their reports in order."""
    return issues.prefetch_related(
        Prefetch("reports", queryset=OpinionReport.objects.order_by("issue_order").only("id", "issue_id"))
    )


def issue_reports(issue: Issue) -> QuerySet[OpinionReport]:
    """An issue's reports in order, with their authors, for its page and its Word document."""
    return issue.reports.order_by("issue_order").prefetch_related(
        Prefetch(
            "author_links", queryset=ReportAuthor.objects.select_related("member").order_by("order", "id")
        ),
        "author_party",
        "author_sector",
        "author_special_committee",
        "author_committee",
    )


def member_record_opinions(*, member: Member, year: int) -> dict:
    """The opinions part of a member's duty record: the reports they authored that were submitted
    in the year, and of those how many reached each adoption level (a report counts at its level)."""
    reports = with_level(
        OpinionReport.objects.authored_by(member.pk)
        .filter(submitted_at__year=year)
        .exclude(state=State.DRAFT)
    )
    counts = dict(reports.values_list("level").annotate(n=Count("id")).values_list("level", "n"))
    return {
        "submitted": sum(counts.values()),
        "adopted": {
            level.value: counts.get(level.value, 0) for level in (Level.CITY, Level.PROVINCE, Level.NATIONAL)
        },
    }


def report_card_opinions(*, committee_ids, year: int) -> dict:
    """The opinion figures of the report card over the given committees: reports submitted in the
    year, those adopted by the provincial CPPCC (and of them, forwarded to the national CPPCC or to
    the provincial party office), and those adopted by the city party committee. One query: each
    event is a set of report ids, built once and probed per report, rather than a lookup of the
    report's adoptions for every report and every event."""

    def event(body: str, action: str) -> Q:
        return Q(pk__in=Adoption.objects.filter(body=body, action=action).values("report_id"))

    province = event(Body.PROVINCE_CPPCC, Adoption.Action.ADOPTED)
    return (
        OpinionReport.objects.filter(in_committees(committee_ids), submitted_at__year=year)
        .exclude(state=State.DRAFT)
        .aggregate(
            opinions_submitted=Count("id"),
            province_cppcc=Count("id", filter=province),
            forwarded_national_cppcc=Count(
                "id", filter=province & event(Body.NATIONAL_CPPCC, Adoption.Action.FORWARDED)
            ),
            forwarded_province_party_office=Count(
                "id", filter=province & event(Body.PROVINCE_PARTY_OFFICE, Adoption.Action.FORWARDED)
            ),
            city_party_committee=Count(
                "id", filter=event(Body.CITY_PARTY_COMMITTEE, Adoption.Action.ADOPTED)
            ),
        )
    )


def report_timeline(report: OpinionReport) -> QuerySet:
    """A report's timeline, oldest first, with who took each step."""
    return report.timeline.select_related("actor").order_by("at", "id")


def adopted_between(reports: QuerySet[OpinionReport], start, end) -> QuerySet[OpinionReport]:
    """The reports adopted (采用) by some body on a date from ``start`` to ``end``, both included."""
    return reports.filter(
        Exists(
            Adoption.objects.filter(
                report=OuterRef("pk"), action=Adoption.Action.ADOPTED, date__gte=start, date__lte=end
            )
        )
    )
