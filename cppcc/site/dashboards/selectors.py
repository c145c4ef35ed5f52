"""Reads behind the leaders' dashboards: the annual report card (年度履职成绩单) and one function per
chart (ARCHITECTURE.md, convention 9). Every function works over a set of committees (a committee
and every committee below it) and a year, and costs a fixed, small number of aggregate queries
whatever the number of records.

A chart is plain data in the shape ``static/js/charts.js`` draws:
``{"title", "type", "categories", "series": [{"name", "data"}], "links"?, "horizontal"?}``; its
links lead to the dashboard's filtered lists.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, ExtractMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from cppcc.org.models import Committee
from cppcc.org.roles import committee_subtree_ids, in_committees
from cppcc.scoring import selectors as scoring
from cppcc.scoring.models import Grade
from opinions.models import Adoption, Body, Level, OpinionReport, ReportAuthor
from opinions.selectors import report_card_opinions, with_level
from platforms import selectors as platforms
from platforms.models import Activity, Attendance, DeliberationRoom, Publication
from proposals.models import Assignment, Feedback, Kind, Proposal, Reply, ReplyCategory, Satisfaction, State
from proposals.selectors import HANDLING_STATES, MUST_REPLY, late_assignments

ActivityKind = Activity.Kind
MONTHS = range(1, 13)


# --- the report card -------------------------------------------------------------------------


def proposals_registered(*, committee_ids: Iterable[int], year: int) -> int:
    """立案提案: proposals registered in the year. One query."""
    return Proposal.objects.filter(in_committees(committee_ids), registered_at__year=year).count()


def report_card(*, committee: Committee, year: int, committee_ids: Iterable[int] | None = None) -> dict:
    """The report card of DOMAIN.md over the committee and every committee below it, with the keys
    of API.md. Nine queries whatever the number of records, and one for the committee tree unless
    the caller gives it (``committee_ids``: the committee and every committee below it)."""
    if committee_ids is None:
        committee_ids = committee_subtree_ids(committee.pk)
    scope = {"committee_ids": committee_ids, "year": year}
    opinions = report_card_opinions(**scope)
    activities = platforms.activity_figures(**scope)
    return {
        "year": year,
        "committee": committee.pk,
        "consultation_tasks_completed": activities["consultation_tasks_completed"],
        "proposals_registered": proposals_registered(**scope),
        "opinions_submitted": opinions["opinions_submitted"],
        "duty_activities": activities["duty_activities"],
        "party_learning_sessions": activities["party_learning_sessions"],
        "opinions_adopted": {
            key: opinions[key]
            for key in (
                "province_cppcc",
                "forwarded_national_cppcc",
                "forwarded_province_party_office",
                "city_party_committee",
            )
        },
        "visits": platforms.visit_counts(**scope),
        "deliberation": platforms.deliberation_counts(**scope, figures=activities),
        "sector_groups": platforms.sector_group_counts(**scope, figures=activities),
        "study": platforms.study_counts(**scope, figures=activities),
        "publicity": platforms.publicity_counts(**scope),
    }


# --- chart plumbing --------------------------------------------------------------------------


def list_link(records: str, /, **params) -> str:
    """The dashboard's filtered list of ``records`` (proposals, opinions, activities)."""
    query = urlencode({key: value for key, value in params.items() if value is not None})
    return f"{reverse(f'dashboards:list-{records}')}?{query}"


def chart(title, kind: str, categories, series, links=None, horizontal: bool = False) -> dict:
    data = {
        "title": str(title),
        "type": kind,
        "categories": [str(c) for c in categories],
        "series": [{"name": str(name), "data": list(values)} for name, values in series],
    }
    if links is not None:
        data["links"] = links
    if horizontal:
        data["horizontal"] = True
    return data


def month_labels() -> list[str]:
    return [_("month %(month)d") % {"month": month} for month in MONTHS]


def month_range(year: int, month: int) -> tuple[str, str]:
    first = datetime.date(year, month, 1)
    last = (first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)
    return first.isoformat(), last.isoformat()


def scope_committees(committee_ids: Iterable[int]) -> list[Committee]:
    """The committees of a scope, the top one first. One query."""
    return list(
        Committee.objects.filter(pk__in=list(committee_ids)).order_by(F("parent").asc(nulls_first=True), "id")
    )


def short(committee: Committee) -> str:
    return committee.short_name or committee.name


@dataclass(frozen=True)
class Scope:
    committee: Committee
    committee_ids: frozenset[int]
    year: int

    @property
    def registered(self) -> QuerySet[Proposal]:
        return Proposal.objects.filter(in_committees(self.committee_ids), registered_at__year=self.year)

    @property
    def activities(self) -> QuerySet[Activity]:
        return Activity.objects.filter(in_committees(self.committee_ids), date__year=self.year)

    @property
    def reports(self) -> QuerySet[OpinionReport]:
        return OpinionReport.objects.filter(
            in_committees(self.committee_ids), submitted_at__year=self.year
        ).exclude(state=OpinionReport.State.DRAFT)

    @property
    def assignments(self) -> QuerySet[Assignment]:
        return Assignment.objects.filter(
            in_committees(self.committee_ids, "proposal__committee"),
            role__in=MUST_REPLY,
            proposal__registered_at__year=self.year,
        )

    def link(self, records: str, /, **params) -> str:
        return list_link(records, within=self.committee.pk, **params)


@dataclass(frozen=True)
class Chart:
    title: str
    data: Callable[[Scope], dict]


CHARTS: dict[str, Chart] = {}


def register(name: str, title):
    """Declare a chart of the dashboard: its name in /api/dashboard/charts/<name>/ and its title."""

    def decorate(function):
        CHARTS[name] = Chart(title=title, data=lambda scope: function(scope, str(title)))
        return function

    return decorate


# --- proposals -------------------------------------------------------------------------------


@register("proposals-by-category", gettext_lazy("Registered proposals by category"))
def proposals_by_category(scope: Scope, title: str) -> dict:
    """Proposals registered in the year by category. One query."""
    rows = list(
        scope.registered.values("category_id", "category__name")
        .annotate(n=Count("id"))
        .order_by("-n", "category__name")
    )
    return chart(
        title,
        "pie",
        [row["category__name"] or _("uncategorised") for row in rows],
        [(_("proposals"), [row["n"] for row in rows])],
        [scope.link("proposals", registered_year=scope.year, category=row["category_id"]) for row in rows],
    )


@register("proposals-by-kind", gettext_lazy("Registered proposals by kind"))
def proposals_by_kind(scope: Scope, title: str) -> dict:
    """Proposals registered in the year by kind (individual, joint, collective). One query."""
    counts = dict(scope.registered.values_list("kind").annotate(n=Count("id")))
    kinds = [kind for kind in Kind if counts.get(kind.value)]
    return chart(
        title,
        "pie",
        [kind.label for kind in kinds],
        [(_("proposals"), [counts[kind.value] for kind in kinds])],
        [scope.link("proposals", registered_year=scope.year, kind=kind.value) for kind in kinds],
    )


@register("proposals-by-state", gettext_lazy("Proposals submitted in the year by state"))
def proposals_by_state(scope: Scope, title: str) -> dict:
    """Proposals submitted in the year by their current state. One query."""
    counts = dict(
        Proposal.objects.filter(in_committees(scope.committee_ids), submitted_at__year=scope.year)
        .values_list("state")
        .annotate(n=Count("id"))
    )
    states = [state for state in State if state != State.DRAFT]
    return chart(
        title,
        "bar",
        [state.label for state in states],
        [(_("proposals"), [counts.get(state.value, 0) for state in states])],
        [scope.link("proposals", submitted_year=scope.year, state=state.value) for state in states],
    )


def overdue_q(today: datetime.date) -> Q:
    return Q(replied_at__isnull=True, due_on__lt=today, proposal__state__in=HANDLING_STATES)


@register("handling-progress", gettext_lazy("Handling progress per unit"))
def handling_progress(scope: Scope, title: str, limit: int = 15) -> dict:
    """Per handling unit (the busiest first): proposals assigned to it as lead or separate unit,
    replied, and overdue. One query."""
    today = timezone.localdate()
    rows = list(
        scope.assignments.values("unit_id", "unit__name")
        .annotate(
            assigned=Count("id"),
            replied=Count("id", filter=Q(replied_at__isnull=False)),
            overdue=Count("id", filter=overdue_q(today)),
        )
        .order_by("-assigned", "unit__name")[:limit]
    )
    rows.reverse()  # a horizontal bar chart draws its first category at the bottom
    return chart(
        title,
        "bar",
        [row["unit__name"] for row in rows],
        [
            (_("assigned"), [row["assigned"] for row in rows]),
            (_("replied"), [row["replied"] for row in rows]),
            (_("overdue"), [row["overdue"] for row in rows]),
        ],
        [scope.link("proposals", registered_year=scope.year, unit=row["unit_id"]) for row in rows],
        horizontal=True,
    )


@register("reply-timeliness", gettext_lazy("On-time reply rate"))
def reply_timeliness(scope: Scope, title: str) -> dict:
    """Replies of lead and separate units: on time, late, still open within the deadline, and
    overdue; the title and the first label give the on-time rate of the replies given. One query."""
    today = timezone.localdate()
    totals = scope.assignments.aggregate(
        on_time=Count("id", filter=Q(replied_at__date__lte=F("due_on"))),
        late=Count("id", filter=Q(replied_at__date__gt=F("due_on"))),
        open=Count("id", filter=Q(replied_at__isnull=True) & ~overdue_q(today)),
        overdue=Count("id", filter=overdue_q(today)),
    )
    replied = totals["on_time"] + totals["late"]
    rate = round(100 * totals["on_time"] / replied, 1) if replied else 0
    return chart(
        f"{title} {rate}%",
        "pie",
        [
            _("replied on time (%(rate)s%% of replies)") % {"rate": rate},
            _("replied late"),
            _("within the deadline"),
            _("overdue"),
        ],
        [(_("assignments"), [totals["on_time"], totals["late"], totals["open"], totals["overdue"]])],
        [
            None,
            None,
            None,
            scope.link("proposals", registered_year=scope.year, overdue="true"),
        ],
    )


@register("reply-categories", gettext_lazy("Replies by category"))
def reply_categories(scope: Scope, title: str) -> dict:
    """Replies to the year's proposals by category A/B/C. One query."""
    counts = dict(
        Reply.objects.filter(
            in_committees(scope.committee_ids, "proposal__committee"),
            proposal__registered_at__year=scope.year,
        )
        .values_list("category")
        .annotate(n=Count("id"))
    )
    return chart(
        title,
        "pie",
        [f"{category.value} {category.label}" for category in ReplyCategory],
        [(_("replies"), [counts.get(category.value, 0) for category in ReplyCategory])],
    )


@register("satisfaction", gettext_lazy("Proposers' satisfaction with the replies"))
def satisfaction(scope: Scope, title: str) -> dict:
    """Proposers' ratings of the replies to the year's proposals. One query."""
    counts = dict(
        Feedback.objects.filter(
            in_committees(scope.committee_ids, "proposal__committee"),
            proposal__registered_at__year=scope.year,
        )
        .values_list("satisfaction")
        .annotate(n=Count("id"))
    )
    return chart(
        title,
        "pie",
        [choice.label for choice in Satisfaction],
        [(_("ratings"), [counts.get(choice.value, 0) for choice in Satisfaction])],
    )


# --- opinion reports -------------------------------------------------------------------------


@register("opinions-per-month", gettext_lazy("Opinion reports submitted per month"))
def opinions_per_month(scope: Scope, title: str) -> dict:
    """Opinion reports submitted per month. One query."""
    counts = dict(
        scope.reports.annotate(month=ExtractMonth("submitted_at"))
        .values_list("month")
        .annotate(n=Count("id"))
        .order_by()
    )
    return chart(
        title,
        "line",
        month_labels(),
        [(_("reports"), [counts.get(month, 0) for month in MONTHS])],
    )


@register("opinion-adoption", gettext_lazy("Opinion reports: adoption by level"))
def opinion_adoption_funnel(scope: Scope, title: str) -> dict:
    """From submission to adoption: reports submitted, accepted, and adopted at city level or
    higher, at provincial level or higher, and nationally. One query."""
    reports = with_level(scope.reports)
    city_up = [Level.CITY, Level.PROVINCE, Level.NATIONAL]
    totals = reports.aggregate(
        submitted=Count("id"),
        accepted=Count(
            "id", filter=Q(state__in=[OpinionReport.State.ACCEPTED, OpinionReport.State.PUBLISHED])
        ),
        city=Count("id", filter=Q(level__in=city_up)),
        province=Count("id", filter=Q(level__in=city_up[1:])),
        national=Count("id", filter=Q(level=Level.NATIONAL)),
    )
    stages = [
        ("submitted", pgettext("opinion report", "submitted"), {}),
        ("accepted", pgettext("opinion report", "accepted"), {"accepted": "true"}),
        ("city", _("adopted at city level or higher"), {"min_level": Level.CITY.value}),
        ("province", _("adopted at provincial level or higher"), {"min_level": Level.PROVINCE.value}),
        ("national", _("adopted at national level"), {"min_level": Level.NATIONAL.value}),
    ]
    return chart(
        title,
        "funnel",
        [label for _key, label, _params in stages],
        [(_("reports"), [totals[key] for key, _label, _params in stages])],
        [scope.link("opinions", year=scope.year, **params) for _key, _label, params in stages],
    )


@register("leader-instructions", gettext_lazy("Leader instructions by body"))
def leader_instructions(scope: Scope, title: str) -> dict:
    """Leader instructions (批示) on the scope's reports, dated in the year, by receiving body.
    One query."""
    counts = dict(
        Adoption.objects.filter(
            in_committees(scope.committee_ids, "report__committee"),
            action=Adoption.Action.INSTRUCTED,
            date__year=scope.year,
        )
        .values_list("body")
        .annotate(n=Count("id"))
    )
    bodies = [body for body in Body if counts.get(body.value)]
    return chart(
        title,
        "bar",
        [body.label for body in bodies],
        [(_("instructions"), [counts[body.value] for body in bodies])],
    )


@register("top-authors", gettext_lazy("Top authors of opinion reports"))
def top_authors(scope: Scope, title: str, limit: int = 10) -> dict:
    """The members who authored most of the year's reports. One query."""
    rows = list(
        ReportAuthor.objects.filter(report__in=scope.reports.values("pk"))
        .values("member_id", "member__name")
        .annotate(n=Count("report_id", distinct=True))
        .order_by("-n", "member__name", "member_id")[:limit]
    )
    rows.reverse()  # a horizontal bar chart draws its first category at the bottom
    return chart(
        title,
        "bar",
        [row["member__name"] for row in rows],
        [(_("reports"), [row["n"] for row in rows])],
        [scope.link("opinions", year=scope.year, author=row["member_id"]) for row in rows],
        horizontal=True,
    )


# --- activities and platforms ----------------------------------------------------------------


@register("activities-per-month", gettext_lazy("Activities per month by kind"))
def activities_by_kind_per_month(scope: Scope, title: str) -> dict:
    """Activities per month, stacked by kind. One query."""
    counts: dict[str, dict[int, int]] = defaultdict(dict)
    for kind, month, n in (
        scope.activities.annotate(month=ExtractMonth("date"))
        .values_list("kind", "month")
        .annotate(n=Count("id"))
        .order_by()
    ):
        counts[kind][month] = n
    return chart(
        title,
        "stacked",
        month_labels(),
        [
            (kind.label, [counts[kind.value].get(month, 0) for month in MONTHS])
            for kind in ActivityKind
            if kind.value in counts
        ],
        [
            scope.link("activities", year=scope.year, date_from=first, date_to=last)
            for first, last in (month_range(scope.year, month) for month in MONTHS)
        ],
    )


@register("consultation-plan", gettext_lazy("Consultation plan progress"))
def consultation_plan_progress(scope: Scope, title: str) -> dict:
    """Tasks of the consultation plan, completed or not, by how their topic was chosen. One query."""
    counts: dict[str, dict[bool, int]] = defaultdict(dict)
    for source, completed, n in (
        scope.activities.filter(plan_task=True)
        .values_list("topic_source", "completed")
        .annotate(n=Count("id"))
        .order_by()
    ):
        counts[source][completed] = n
    sources = [(source.value, source.label) for source in Activity.TopicSource] + [("", _("not stated"))]
    return chart(
        title,
        "stacked",
        [label for _value, label in sources],
        [
            (_("completed"), [counts[value].get(True, 0) for value, _label in sources]),
            (_("not yet completed"), [counts[value].get(False, 0) for value, _label in sources]),
        ],
        [
            scope.link("activities", year=scope.year, plan_task="true", topic_source=value or None)
            for value, _label in sources
        ],
    )


@register("rooms", gettext_lazy("Deliberation rooms and problems solved per committee"))
def rooms_per_committee(scope: Scope, title: str) -> dict:
    """Deliberation rooms, their activities and the problems they solved, per committee. Three
    queries."""
    committees = scope_committees(scope.committee_ids)
    rooms = dict(
        DeliberationRoom.objects.filter(in_committees(scope.committee_ids), is_active=True)
        .filter(Q(founded_on__isnull=True) | Q(founded_on__lte=datetime.date(scope.year, 12, 31)))
        .values_list("committee_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    activity = {
        row["committee_id"]: row
        for row in scope.activities.filter(kind=ActivityKind.ROOM_DELIBERATION)
        .values("committee_id")
        .annotate(n=Count("id"), solved=Coalesce(Sum("problems_solved"), 0))
        .order_by()
    }
    empty = {"n": 0, "solved": 0}
    return chart(
        title,
        "bar",
        [short(c) for c in committees],
        [
            (_("deliberation rooms"), [rooms.get(c.pk, 0) for c in committees]),
            (_("room deliberation activities"), [activity.get(c.pk, empty)["n"] for c in committees]),
            (_("livelihood problems solved"), [activity.get(c.pk, empty)["solved"] for c in committees]),
        ],
        [
            list_link(
                "activities", committee=c.pk, year=scope.year, kind=ActivityKind.ROOM_DELIBERATION.value
            )
            for c in committees
        ],
    )


@register("sector-groups", gettext_lazy("Sector groups: gatherings and people reached"))
def sector_group_reach(scope: Scope, title: str) -> dict:
    """Each sector group's "4+X" gatherings in the year and the people they reached. One query."""
    rows = list(
        scope.activities.filter(kind=ActivityKind.SECTOR_GATHERING, sector_group__isnull=False)
        .values("sector_group_id", "sector_group__name")
        .annotate(n=Count("id"), reached=Coalesce(Sum("people_reached"), 0))
        .order_by("-sector_group__name", "-sector_group_id")
    )
    return chart(
        title,
        "bar",
        [row["sector_group__name"] for row in rows],
        [
            (_("gatherings"), [row["n"] for row in rows]),
            (_("people reached"), [row["reached"] for row in rows]),
        ],
        [scope.link("activities", year=scope.year, sector_group=row["sector_group_id"]) for row in rows],
        horizontal=True,
    )


STUDY_KINDS = (ActivityKind.LEARNING, ActivityKind.READING, ActivityKind.LECTURE)


@register("study", gettext_lazy("Study activities per month"))
def study_activities(scope: Scope, title: str) -> dict:
    """Learning activities, reading activities and lectures per month. One query."""
    counts: dict[str, dict[int, int]] = defaultdict(dict)
    for kind, month, n in (
        scope.activities.filter(kind__in=STUDY_KINDS)
        .annotate(month=ExtractMonth("date"))
        .values_list("kind", "month")
        .annotate(n=Count("id"))
        .order_by()
    ):
        counts[kind][month] = n
    return chart(
        title,
        "stacked",
        month_labels(),
        [(kind.label, [counts[kind.value].get(month, 0) for month in MONTHS]) for kind in STUDY_KINDS],
        [
            scope.link("activities", year=scope.year, date_from=first, date_to=last)
            for first, last in (month_range(scope.year, month) for month in MONTHS)
        ],
    )


@register("publicity", gettext_lazy("Publicity by level and channel"))
def publicity_by_level_and_channel(scope: Scope, title: str) -> dict:
    """Publications of the year by the level of the medium, stacked by channel. One query."""
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for level, channel, n in (
        Publication.objects.filter(in_committees(scope.committee_ids), published_on__year=scope.year)
        .values_list("level", "channel")
        .annotate(n=Count("id"))
        .order_by()
    ):
        counts[channel][level] = n
    levels = list(Publication.Level)
    return chart(
        title,
        "stacked",
        [level.label for level in levels],
        [
            (channel.label, [counts[channel.value].get(level.value, 0) for level in levels])
            for channel in Publication.Channel
            if channel.value in counts
        ],
    )


# --- members ---------------------------------------------------------------------------------


@register("score-distribution", gettext_lazy("Score distribution of members"))
def score_distribution(scope: Scope, title: str) -> dict:
    """How the committee's members' scores spread, in bands of the grade thresholds (< 60 talk,
    60–84 competent, ≥ 85 excellent, the excellent split further). Eleven queries (the score
    ranking)."""
    rows = scoring.ranking(committee_id=scope.committee.pk, year=scope.year)
    bands = [
        (None, Decimal(60), "< 60"),
        (Decimal(60), Decimal(85), "60–84"),
        (Decimal(85), Decimal(100), "85–99"),
        (Decimal(100), Decimal(150), "100–149"),
        (Decimal(150), Decimal(200), "150–199"),
        (Decimal(200), None, "≥ 200"),
    ]
    counts = [0] * len(bands)
    for row in rows:
        for index, (low, high, _label) in enumerate(bands):
            if (low is None or row.score.total >= low) and (high is None or row.score.total < high):
                counts[index] += 1
                break
    return chart(
        f"{title}（{short(scope.committee)}）",
        "bar",
        [label for _low, _high, label in bands],
        [(_("members"), counts)],
    )


@register("attendance", gettext_lazy("Attendance rate by kind of activity (%)"))
def attendance_rates(scope: Scope, title: str) -> dict:
    """Attendance rate (present among those invited) by kind of activity, in percent. One query."""
    rows = list(
        Attendance.objects.filter(
            in_committees(scope.committee_ids, "activity__committee"), activity__date__year=scope.year
        )
        .values_list("activity__kind")
        .annotate(
            total=Count("id"),
            present=Count("id", filter=Q(status=Attendance.Status.PRESENT)),
        )
        .order_by()
    )
    rates = {kind: round(100 * present / total, 1) for kind, total, present in rows if total}
    kinds = [kind for kind in ActivityKind if kind.value in rates]
    return chart(
        title,
        "bar",
        [kind.label for kind in kinds],
        [(_("attendance rate"), [rates[kind.value] for kind in kinds])],
        [scope.link("activities", year=scope.year, kind=kind.value) for kind in kinds],
    )


# --- committees side by side -----------------------------------------------------------------


@register("committees", gettext_lazy("Committees side by side"))
def committee_comparison(scope: Scope, title: str) -> dict:
    """The committee and those below it side by side: proposals registered, opinion reports
    submitted, duty activities, room deliberation activities. Four queries."""
    committees = scope_committees(scope.committee_ids)
    proposals = dict(scope.registered.values_list("committee_id").annotate(n=Count("id")).order_by())
    reports = dict(scope.reports.values_list("committee_id").annotate(n=Count("id")).order_by())
    activities = {
        row["committee_id"]: row
        for row in scope.activities.values("committee_id")
        .annotate(
            duty=Count("id", filter=Q(kind__in=Activity.DUTY_KINDS)),
            rooms=Count("id", filter=Q(kind=ActivityKind.ROOM_DELIBERATION)),
        )
        .order_by()
    }
    empty = {"duty": 0, "rooms": 0}
    return chart(
        title,
        "bar",
        [short(c) for c in committees],
        [
            (_("proposals registered"), [proposals.get(c.pk, 0) for c in committees]),
            (_("opinion reports submitted"), [reports.get(c.pk, 0) for c in committees]),
            (_("duty activities"), [activities.get(c.pk, empty)["duty"] for c in committees]),
            (_("room deliberation activities"), [activities.get(c.pk, empty)["rooms"] for c in committees]),
        ],
        [list_link("proposals", committee=c.pk, registered_year=scope.year) for c in committees],
    )


# --- lists of the dashboard page -------------------------------------------------------------


def key_proposals(scope: Scope) -> QuerySet[Proposal]:
    """The year's key proposals (重点提案) with their supervising leaders and lead units. Three
    queries."""
    return (
        scope.registered.filter(is_key=True)
        .select_related("committee", "session", "proposer")
        .prefetch_related(
            "supervisors",
            Prefetch(
                "assignments",
                queryset=Assignment.objects.filter(role__in=MUST_REPLY).select_related("unit"),
            ),
        )
        .order_by("committee_id", "session_id", "number")
    )


def overdue_assignments(scope: Scope) -> QuerySet[Assignment]:
    """Replies overdue today (督办), in the scope's committees, whatever the year. One query."""
    return (
        late_assignments()
        .filter(in_committees(scope.committee_ids, "proposal__committee"))
        .select_related("proposal__committee", "proposal__session", "unit")
        .order_by("due_on", "id")
    )


def member_ranking(scope: Scope, top: int = 20) -> dict:
    """The committee's members ranked by score (the first ``top``), with averages by sector and by
    special committee. Eleven queries (the score ranking)."""
    rows = scoring.ranking(committee_id=scope.committee.pk, year=scope.year)
    return {
        "top": [
            {
                "rank": row.rank,
                "member": row.member,
                "total": row.score.total,
                "grade_display": Grade(row.score.grade).label,
            }
            for row in rows[:top]
        ],
        "members": len(rows),
        "by_sector": scoring.by_sector(rows),
        "by_special_committee": scoring.by_special_committee(rows),
    }
