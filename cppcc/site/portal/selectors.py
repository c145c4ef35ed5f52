"""Reads of the portal pages: what the user may read (the visibility gate, ``restrict``), narrowed
to what each page is about (the member's own, the unit's), each costing a fixed number of queries
whatever the number of rows."""

import datetime
from dataclasses import dataclass

from django.db.models import Case, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from cppcc.core.querysets import VIEW
from cppcc.org.models import Member, Notification
from cppcc.org.roles import access_for
from opinions.models import OpinionReport, OpinionReportTimelineEntry
from opinions.selectors import report_list
from platforms.models import Attendance
from proposals.models import (
    Assignment,
    Contact,
    Cosignature,
    Lead,
    LeadState,
    Proposal,
    ProposalTimelineEntry,
    QualityRating,
    State,
    UnitOpinion,
)
from proposals.selectors import HANDLING_STATES, OWED, late, proposal_list

YEARS_SHOWN = 10
UPCOMING_SHOWN = 5


def portal_member(user) -> Member | None:
    """The member the user logs in as, with what the portal shows of them; None for others."""
    member_id = access_for(user).member_id
    if member_id is None:
        return None
    return Member.objects.restrict(user, VIEW).select_related("committee", "sector", "term").get(pk=member_id)


def year_choices(member: Member | None, today: datetime.date | None = None) -> list[int]:
    """The years a member may pick, newest first: from their term's start (at most ten years)."""
    current = (today or timezone.localdate()).year
    first = member.term.start_year if member is not None else current
    first = max(min(first, current), current - YEARS_SHOWN + 1)
    return list(range(current, first - 1, -1))


def member_proposals(user) -> QuerySet[Proposal]:
    """The proposals the member leads or was invited to co-sign, newest first."""
    member_id = access_for(user).member_id
    mine = Q(proposer_id=member_id) | Q(
        pk__in=Cosignature.objects.filter(member_id=member_id).values("proposal_id")
    )
    return (
        Proposal.objects.restrict(user, VIEW)
        .filter(mine)
        .select_related("session", "category", "proposer")
        .order_by("-created_at", "-id")
    )


def cosigning_invitations(user) -> QuerySet[Cosignature]:
    """Invitations to co-sign drafts, still unanswered."""
    return (
        Cosignature.objects.restrict(user, VIEW)
        .filter(
            member_id=access_for(user).member_id, status=Cosignature.Status.INVITED, proposal__state="draft"
        )
        .select_related("proposal__proposer")
        .order_by("-invited_at", "-id")
    )


def proposal_page(user) -> QuerySet[Proposal]:
    """Everything a proposal's page shows, for the proposals the user may read (with the public lead
    it started from, credited on the page)."""
    proposals = proposal_list(Proposal.objects.restrict(user, VIEW), user).select_related("lead")
    return proposals.prefetch_related(
        Prefetch(
            "unit_opinions",
            queryset=UnitOpinion.objects.restrict(user, VIEW).select_related("unit").order_by("at", "id"),
        ),
        Prefetch("attachments__reply"),
        Prefetch(
            "contacts",
            queryset=Contact.objects.restrict(user, VIEW).select_related("unit").order_by("date", "id"),
        ),
        Prefetch(
            "quality_ratings", queryset=QualityRating.objects.restrict(user, VIEW).select_related("unit")
        ),
    )


def unit_worklist(user, today: datetime.date | None = None) -> QuerySet[Assignment]:
    """The assignments of the user's units: those still to answer first, the earliest due first,
    each marked ``overdue`` when its due date has passed."""
    today = today or timezone.localdate()
    access = access_for(user)
    waiting = OWED | Q(role=Assignment.Role.CO, proposal__state__in=HANDLING_STATES)
    return (
        Assignment.objects.restrict(user, VIEW)
        .filter(unit__in=list(access.unit_ids))
        .select_related("unit", "proposal__session", "proposal__proposer")
        .annotate(
            done=Case(When(waiting, then=Value(0)), default=Value(1), output_field=IntegerField()),
            overdue=Case(
                When(late(today), then=Value(True)),
                default=Value(False),
            ),
        )
        .order_by("done", "due_on", "proposal_id")
    )


def member_reports(user) -> QuerySet[OpinionReport]:
    """The opinion reports the member wrote, newest first."""
    reports = OpinionReport.objects.restrict(user, VIEW).authored_by(access_for(user).member_id)
    return report_list(reports).order_by("-created_at", "-id")


def report_page(user) -> QuerySet[OpinionReport]:
    return report_list(OpinionReport.objects.restrict(user, VIEW)).prefetch_related(
        Prefetch(
            "timeline",
            queryset=OpinionReportTimelineEntry.objects.select_related("actor").order_by("at", "id"),
        )
    )


def member_attendances(user, *, year: int) -> QuerySet[Attendance]:
    """The member's activities of the year with their attendance, latest first."""
    return (
        Attendance.objects.restrict(user, VIEW)
        .filter(member_id=access_for(user).member_id, activity__date__year=year)
        .select_related("activity")
        .order_by("-activity__date", "-activity_id")
    )


@dataclass(frozen=True)
class Todo:
    """What waits for a member: the proposals and activities of each kind of task, for the home
    page to count and link."""

    invitations: list[Cosignature]
    replies_to_rate: list[Proposal]
    returned_drafts: list[Proposal]
    meetings_to_answer: list[Attendance]


def member_todo(user, today: datetime.date | None = None) -> Todo:
    """The member's to-do list: invitations to co-sign, replies to rate, drafts returned by the
    secretariat, and coming activities not yet answered (invited, neither leave asked nor attended).
    Four queries whatever the numbers."""
    today = today or timezone.localdate()
    member_id = access_for(user).member_id
    mine = Proposal.objects.restrict(user, VIEW).filter(proposer_id=member_id).order_by("-id")
    returned = ProposalTimelineEntry.objects.filter(proposal=OuterRef("pk"), action="return")
    return Todo(
        invitations=list(cosigning_invitations(user)),
        replies_to_rate=list(mine.filter(state=State.REPLIED)),
        returned_drafts=list(mine.filter(Exists(returned), state=State.DRAFT)),
        meetings_to_answer=list(
            upcoming_attendances(user, today=today).filter(status=Attendance.Status.INVITED)
        ),
    )


def upcoming_attendances(user, *, today: datetime.date) -> QuerySet[Attendance]:
    """The member's activities from today on, the soonest first."""
    return (
        Attendance.objects.restrict(user, VIEW)
        .filter(member_id=access_for(user).member_id, activity__date__gte=today)
        .select_related("activity")
        .order_by("activity__date", "activity_id")
    )


def notifications(user) -> QuerySet[Notification]:
    """The user's own notifications, newest first."""
    return Notification.objects.restrict(user, VIEW).filter(user=user)


LEAD_POOL_MONTHS = 12


def lead_pool(user, today: datetime.date | None = None) -> QuerySet[Lead]:
    """The 线索库: the accepted public leads of the member's committee from the last twelve months,
    newest first, with the drafts the member already started from them."""
    today = today or timezone.localdate()
    since = today.replace(day=1) - datetime.timedelta(days=31 * (LEAD_POOL_MONTHS - 1))
    access = access_for(user)
    return (
        Lead.objects.restrict(user, VIEW)
        .filter(
            state=LeadState.ACCEPTED,
            committee_id__in=access.member_of,
            decided_at__date__gte=since.replace(day=1),
        )
        .select_related("category")
        .prefetch_related(
            Prefetch(
                "proposals",
                queryset=Proposal.objects.restrict(user, VIEW).filter(proposer_id=access.member_id),
                to_attr="my_drafts",
            )
        )
        .order_by("-decided_at", "-id")
    )
