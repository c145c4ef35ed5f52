"""The leaders' dashboard (/dashboard/), the filtered lists its figures and charts drill down to,
and the read-only pages of the records in them. Pages are for the secretariat and leaders (others
403, anonymous users to the login page)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions

from cppcc.core.querysets import VIEW
from cppcc.core.replica import replica_reads
from opinions.models import Level, OpinionReport
from opinions.selectors import report_list
from platforms.models import Activity
from platforms.selectors import activity_list as activities
from proposals.models import Proposal
from proposals.selectors import proposal_story, with_overdue

from . import proposal_report, report, selectors, units
from .charts import CHARTS
from .chips import chips
from .filters import DashboardActivityFilter, DashboardOpinionFilter, DashboardProposalFilter
from .params import dashboard_choice, overseen_committees

PAGE_SIZE = 50
YEARS_SHOWN = 5

# The page's sections, each with its charts (names in CHARTS).
SECTIONS = [
    (
        gettext_lazy("Proposals"),
        [
            "proposals-by-category",
            "proposals-by-kind",
            "proposals-by-state",
            "handling-progress",
            "reply-timeliness",
            "reply-categories",
            "satisfaction",
            "unit-assessment",
        ],
    ),
    (
        gettext_lazy("Opinion reports"),
        ["opinions-per-month", "opinion-adoption", "leader-instructions", "top-authors"],
    ),
    (
        gettext_lazy("Activities and platforms"),
        ["activities-per-month", "consultation-plan", "rooms", "sector-groups", "study"],
    ),
    (gettext_lazy("Publicity"), ["publicity"]),
    (gettext_lazy("Members"), ["score-distribution", "attendance"]),
    (gettext_lazy("Committees side by side"), ["committees"]),
]


def page_choice(request):
    """The dashboard's scope of a page's request; a 400 answer for a bad year or committee is
    raised as ``exceptions.ValidationError`` for the caller to render."""
    try:
        return dashboard_choice(request.user, request.GET)
    except exceptions.NotFound as error:
        raise Http404(str(error.detail)) from error


def picker(choice) -> dict:
    """What a page's year and committee picker shows, and the query of its downloads."""
    last = max(choice.year, timezone.localdate().year)
    return {
        "choice": choice,
        "years": range(last, last - YEARS_SHOWN, -1),
        "export_query": f"?year={choice.year}&committee={choice.committee.pk}",
    }


def bad_request(request, error: exceptions.ValidationError):
    return render(request, "dashboards/bad_request.html", {"errors": error.detail}, status=400)


@login_required
@replica_reads()
def dashboard(request):
    try:
        choice = page_choice(request)
    except exceptions.ValidationError as error:
        return bad_request(request, error)
    scope = choice.scope
    card = selectors.report_card(
        committee=choice.committee, year=choice.year, committee_ids=scope.committee_ids
    )
    query = f"?year={choice.year}&committee={choice.committee.pk}"
    sections = [
        (
            str(title),
            [
                (name, CHARTS[name].title, reverse("api-dashboard-chart", kwargs={"name": name}) + query)
                for name in names
            ],
        )
        for title, names in SECTIONS
    ]
    return render(
        request,
        "dashboards/dashboard.html",
        {
            **picker(choice),
            "leads": report.leads(card, scope),
            "groups": report.groups(card, scope),
            "summary": report.summary(card),
            "title": report.title(choice.committee, choice.year),
            "sections": sections,
            "key_proposals": selectors.key_proposals(scope),
            "overdue": selectors.overdue_assignments(scope),
            "ranking": selectors.member_ranking(scope),
        },
    )


@login_required
@replica_reads()
def unit_assessment(request):
    """The handling-unit assessment (承办单位办理情况): the table of ``units.unit_table`` with its
    chart and its Excel download."""
    try:
        choice = page_choice(request)
    except exceptions.ValidationError as error:
        return bad_request(request, error)
    context = picker(choice)
    return render(
        request,
        "dashboards/units.html",
        {
            **context,
            "title": units.title(choice.scope),
            "headers": units.headers(),
            "rows": units.unit_table(choice.scope),
            "chart_title": CHARTS["unit-assessment"].title,
            "url": reverse("api-dashboard-chart", kwargs={"name": "unit-assessment"})
            + context["export_query"],
        },
    )


def filtered_list(request, *, queryset: QuerySet, filterset_class, template: str, title: str, decorate=None):
    """A paginated list of what the user may read, through an app's filterset, with the filters it
    was opened with as removable chips and a search box; ``decorate`` adds what the template shows
    to each item of the page. For those who have dashboards."""
    overseen_committees(request.user)
    filterset = filterset_class(request.GET, queryset=queryset, request=request)
    try:
        if not filterset.is_valid():
            raise exceptions.ValidationError(filterset.errors)
        page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
        items = [decorate(item) if decorate else item for item in page.object_list]
    except exceptions.ValidationError as error:
        return bad_request(request, error)
    query = request.GET.copy()
    query.pop("page", None)
    kept = query.copy()  # what the search box sends along with its own term
    kept.pop("q", None)
    return render(
        request,
        template,
        {
            "page": page,
            "items": items,
            "title": title,
            "query": query.urlencode(),
            "chips": chips(filterset, request.GET, request.user),
            "search": request.GET.get("q", ""),
            "kept": list(kept.lists()),
        },
    )


def back_link(request, records: str) -> str:
    """The list a detail page was opened from (its query came along as ``from``), or the whole list."""
    return f"{reverse(f'dashboards:list-{records}')}?{request.GET.get('from', '')}"


@login_required
@replica_reads()
def proposal_list(request):
    queryset = with_overdue(Proposal.objects.restrict(request.user, VIEW)).select_related(
        "committee", "category", "session"
    )
    return filtered_list(
        request,
        queryset=queryset.order_by("-registered_at", "-id"),
        filterset_class=DashboardProposalFilter,
        template="dashboards/list_proposals.html",
        title=_("Proposals"),
    )


@login_required
@replica_reads()
def opinion_list(request):
    return filtered_list(
        request,
        queryset=report_list(OpinionReport.objects.restrict(request.user, VIEW))
        .select_related("committee")
        .order_by("-submitted_at", "-id"),
        filterset_class=DashboardOpinionFilter,
        template="dashboards/list_opinions.html",
        title=_("Opinion reports"),
        decorate=with_level_display,
    )


def with_level_display(report: OpinionReport) -> OpinionReport:
    report.level_display = Level(report.level).label if report.level else ""
    return report


@login_required
@replica_reads()
def activity_list(request):
    return filtered_list(
        request,
        queryset=activities(Activity.objects.restrict(request.user, VIEW)).select_related("committee"),
        filterset_class=DashboardActivityFilter,
        template="dashboards/list_activities.html",
        title=_("Activities"),
    )


@login_required
@replica_reads()
def proposal_detail(request, pk: int):
    overseen_committees(request.user)
    queryset = Proposal.objects.restrict(request.user, VIEW).select_related(
        "committee", "session", "category", "proposer"
    )
    proposal = get_object_or_404(queryset, pk=pk)
    return render(
        request,
        "dashboards/proposal.html",
        {
            "proposal": proposal,
            "story": proposal_story(proposal, request.user),
            "back": back_link(request, "proposals"),
        },
    )


@login_required
@replica_reads()
def opinion_detail(request, pk: int):
    overseen_committees(request.user)
    queryset = report_list(OpinionReport.objects.restrict(request.user, VIEW)).select_related("committee")
    opinion = with_level_display(get_object_or_404(queryset, pk=pk))
    return render(
        request,
        "dashboards/opinion.html",
        {
            "report": opinion,
            "back": back_link(request, "opinions"),
        },
    )


@login_required
@replica_reads()
def activity_detail(request, pk: int):
    overseen_committees(request.user)
    queryset = activities(Activity.objects.restrict(request.user, VIEW)).select_related("committee")
    activity = get_object_or_404(queryset, pk=pk)
    return render(
        request,
        "dashboards/activity.html",
        {"activity": activity, "back": back_link(request, "activities")},
    )


@login_required
@replica_reads()
def proposal_report_page(request):
    """The annual proposal work report (年度提案工作情况报告): its headline figures, its prose as the
    Word document has it, and the download."""
    try:
        choice = page_choice(request)
    except exceptions.ValidationError as error:
        return bad_request(request, error)
    data = proposal_report.figures(choice.scope)
    return render(
        request,
        "dashboards/proposal_report.html",
        {
            **picker(choice),
            "title": proposal_report.title(choice.committee, choice.year),
            "tiles": proposal_report.tiles(data),
            "sections": proposal_report.sections(data),
        },
    )
