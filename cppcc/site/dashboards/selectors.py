"""Reads behind the leaders' dashboard page besides its charts (those are in ``charts``, one module
each): the annual report card (年度履职成绩单) and the lists of key proposals, overdue replies and
the member ranking. Every function works over a set of committees (a committee and every committee
below it) and a year, and costs a fixed, small number of queries whatever the number of records."""

from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet

from cppcc.org.models import Committee
from cppcc.org.roles import committee_subtree_ids, in_committees
from cppcc.scoring import selectors as scoring
from cppcc.scoring.models import Grade
from opinions.selectors import report_card_opinions
from platforms import selectors as platforms
from proposals.models import Assignment, Proposal
from proposals.selectors import MUST_REPLY, late_assignments

from .scope import Scope


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


def key_proposals(scope: Scope) -> QuerySet[Proposal]:
    """The year's key proposals (重点提案) with their supervising leaders and lead units. Three
    queries. A province has them by the hundred: their contents are not read (most of the time of
    the rows), nor their proposers (a join of every member)."""
    return (
        scope.registered.filter(is_key=True)
        .select_related("committee", "session")
        .defer("content")
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
