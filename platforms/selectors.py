"""Reads of activities and platforms: what their lists show, the member's record, and the
report-card figures, each a fixed, small number of queries over a set of committees and a year."""

import datetime
from collections.abc import Iterable

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from cppcc.org.models import Member
from cppcc.org.roles import in_committees

from .models import (
    Activity,
    Attendance,
    DeliberationRoom,
    Publication,
    SectorGroup,
    StudyRoom,
    TeamMember,
    Visit,
)

Kind = Activity.Kind


def _present_count() -> Coalesce:
    """Members present at the activity, as a subquery: a join and ``GROUP BY`` would also weigh on
    the list's ``COUNT(*)`` and on sorting the page's keys, over every visible activity."""
    present = (
        Attendance.objects.filter(activity=OuterRef("pk"), status=Attendance.Status.PRESENT)
        .order_by()
        .values("activity")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(present), Value(0), output_field=IntegerField())


def activity_list(activities: QuerySet[Activity]) -> QuerySet[Activity]:
    """Activities with what their lists show: the platform entity and how many members were
    present, latest first."""
    return (
        activities.select_related("room", "sector_group", "study_room")
        .annotate(participants_count=_present_count())
        .order_by("-date", "-id")
    )


def sector_group_list(groups: QuerySet[SectorGroup]) -> QuerySet[SectorGroup]:
    """Sector groups with their sectors, lead members and the size of their team."""
    team = TeamMember.objects.filter(group=OuterRef("pk")).order_by().values("group")
    return groups.prefetch_related("sectors", "lead_members").annotate(
        team_members_count=Coalesce(
            team.annotate(n=Count("id")).values("n")[:1], Value(0), output_field=IntegerField()
        )
    )


def meeting_invitees(*, activity: Activity) -> QuerySet[Member]:
    """Who a meeting invites by itself: every active member of the committee to a plenary, the
    standing committee to its meetings, nobody to other activities."""
    members = Member.objects.filter(committee_id=activity.committee_id, is_active=True)
    if activity.kind in Activity.PLENARY_KINDS:
        return members
    if activity.kind in Activity.STANDING_KINDS:
        return members.filter(is_standing_committee=True)
    return members.none()


def upcoming_activities(*, activities: QuerySet[Activity], today: datetime.date, days: int = 60):
    """Of the activities, those from today on, for the calendar-like list, with how many replied
    with leave."""
    return (
        activities.filter(date__gte=today, date__lte=today + datetime.timedelta(days=days))
        .select_related("committee", "room", "sector_group", "study_room")
        .annotate(
            invited_count=Count("attendances"),
            leave_requests=Count("attendances", filter=Q(attendances__status="leave_requested")),
        )
        .order_by("date", "starts_at", "id")
    )


def activity_participants(activity: Activity) -> QuerySet[Attendance]:
    """An activity's list: every participant with their status, by name."""
    return activity.attendances.select_related("member").order_by("member__name", "member_id")


def with_leave_pending(activities: QuerySet[Activity]) -> QuerySet[Activity]:
    """The activities with a leave request awaiting the secretariat's decision."""
    return activities.filter(
        Exists(Attendance.objects.filter(activity=OuterRef("pk"), status=Attendance.Status.LEAVE_REQUESTED))
    )


def entity_activity_totals(activities: QuerySet[Activity]) -> dict[str, int]:
    """Totals over a room's or a group's activities: how many, and their outcomes."""
    totals = activities.aggregate(
        activities=Count("id"),
        suggestions=Coalesce(Sum("suggestions"), 0),
        problems_found=Coalesce(Sum("problems_found"), 0),
        problems_solved=Coalesce(Sum("problems_solved"), 0),
        people_reached=Coalesce(Sum("people_reached"), 0),
    )
    return totals


# --- the member's duty record ---------------------------------------------------------------


def member_record_activities(*, member: Member, year: int) -> dict[str, int]:
    """The member's activities of the year: ``attended`` (present), ``leave`` (leave approved) and
    ``absent``. A leave request not yet decided is not counted as leave, and an invitation without
    a recorded outcome counts nowhere, so staff see what remains to be recorded. One query."""
    return Attendance.objects.filter(member=member, activity__date__year=year).aggregate(
        attended=Count("id", filter=Q(status=Attendance.Status.PRESENT)),
        leave=Count("id", filter=Q(status=Attendance.Status.LEAVE_APPROVED)),
        absent=Count("id", filter=Q(status=Attendance.Status.ABSENT)),
    )


# --- report-card figures: over a set of committees (a committee and those below it) and a year ---


def _activities(committee_ids: Iterable[int], year: int) -> QuerySet[Activity]:
    return Activity.objects.filter(in_committees(committee_ids), date__year=year)


def _existing_by_end_of(model, committee_ids: Iterable[int], year: int) -> QuerySet:
    """Active entities founded by the end of the year (or with no founding date recorded)."""
    return model.objects.filter(in_committees(committee_ids), is_active=True).filter(
        Q(founded_on__isnull=True) | Q(founded_on__lte=datetime.date(year, 12, 31))
    )


# The activity figures of the report card, one aggregate each, so that the card takes them all in
# one query (``activity_figures``) and the functions below one figure at a time.
ACTIVITY_FIGURES = {
    "consultation_tasks_completed": lambda: Count("id", filter=Q(plan_task=True, completed=True)),
    "duty_activities": lambda: Count("id", filter=Q(kind__in=Activity.DUTY_KINDS)),
    "party_learning_sessions": lambda: Count("id", filter=Q(kind=Kind.PARTY_LEARNING)),
    "room_activities": lambda: Count("id", filter=Q(kind=Kind.ROOM_DELIBERATION)),
    "room_problems_solved": lambda: Coalesce(
        Sum("problems_solved", filter=Q(kind=Kind.ROOM_DELIBERATION)), 0
    ),
    "gatherings": lambda: Count("id", filter=Q(kind=Kind.SECTOR_GATHERING)),
    "gathering_people_reached": lambda: Coalesce(
        Sum("people_reached", filter=Q(kind=Kind.SECTOR_GATHERING)), 0
    ),
    "learning_activities": lambda: Count("id", filter=Q(kind=Kind.LEARNING)),
    "reading_activities": lambda: Count("id", filter=Q(kind=Kind.READING)),
    "lectures": lambda: Count("id", filter=Q(kind=Kind.LECTURE)),
}


def activity_figures(
    *, committee_ids: Iterable[int], year: int, names: Iterable[str] = tuple(ACTIVITY_FIGURES)
) -> dict[str, int]:
    """The named activity figures of the year (all of them by default). One query."""
    return _activities(committee_ids, year).aggregate(**{name: ACTIVITY_FIGURES[name]() for name in names})


def _figure(name: str, committee_ids: Iterable[int], year: int) -> int:
    return activity_figures(committee_ids=committee_ids, year=year, names=[name])[name]


def consultation_tasks_completed(*, committee_ids: Iterable[int], year: int) -> int:
    """完成协商任务: consultation-plan activities of the year marked completed. One query."""
    return _figure("consultation_tasks_completed", committee_ids, year)


def duty_activities_count(*, committee_ids: Iterable[int], year: int) -> int:
    """履职活动: activities of the duty kinds in the year. One query."""
    return _figure("duty_activities", committee_ids, year)


def party_learning_sessions_count(*, committee_ids: Iterable[int], year: int) -> int:
    """ "三会一课": party-learning activities in the year. One query."""
    return _figure("party_learning_sessions", committee_ids, year)


def visit_counts(*, committee_ids: Iterable[int], year: int) -> dict[str, int]:
    """Distinct chambers of commerce and member enterprises visited in the year (an organisation
    visited twice counts once). One query."""
    return Visit.objects.filter(in_committees(committee_ids), date__year=year).aggregate(
        chambers_of_commerce=Count(
            "organisation", distinct=True, filter=Q(kind=Visit.Kind.CHAMBER_OF_COMMERCE)
        ),
        member_enterprises=Count("organisation", distinct=True, filter=Q(kind=Visit.Kind.MEMBER_ENTERPRISE)),
    )


def deliberation_counts(
    *, committee_ids: Iterable[int], year: int, figures: dict[str, int] | None = None
) -> dict[str, int]:
    """Platform 1: rooms (and lounges) existing at the end of the year, room activities of the
    year and the problems they solved. Two queries, one when ``figures`` (``activity_figures``) are
    given."""
    figures = figures or activity_figures(
        committee_ids=committee_ids, year=year, names=["room_activities", "room_problems_solved"]
    )
    rooms = _existing_by_end_of(DeliberationRoom, committee_ids, year).count()
    return {
        "rooms": rooms,
        "activities": figures["room_activities"],
        "problems_solved": figures["room_problems_solved"],
    }


def sector_group_counts(
    *, committee_ids: Iterable[int], year: int, figures: dict[str, int] | None = None
) -> dict[str, int]:
    """Platform 2: groups existing at the end of the year and those founded in it; the distinct
    sectors they span (by name, so 经济界 of the city and of a county count once), their distinct
    lead members and their team members; the year's "4+X" gatherings and the people reached.
    Three queries, two when ``figures`` (``activity_figures``) are given: the groups joined to their
    team members, then to their sectors and lead members (apart, so that the rows of a group do not
    multiply its team members by its sectors and lead members)."""
    groups = _existing_by_end_of(SectorGroup, committee_ids, year)
    counts = groups.aggregate(
        total=Count("id", distinct=True),
        new=Count("id", distinct=True, filter=Q(founded_on__year=year)),
        team_members=Count("team_members"),
    ) | groups.aggregate(
        sectors=Count("sectors__name", distinct=True),
        lead_members=Count("lead_members", distinct=True),
    )
    figures = figures or activity_figures(
        committee_ids=committee_ids, year=year, names=["gatherings", "gathering_people_reached"]
    )
    return {
        "total": counts["total"],
        "new": counts["new"],
        "sectors": counts["sectors"],
        "lead_members": counts["lead_members"],
        "team_members": counts["team_members"],
        "activities": figures["gatherings"],
        "people_reached": figures["gathering_people_reached"],
    }


def study_counts(
    *, committee_ids: Iterable[int], year: int, figures: dict[str, int] | None = None
) -> dict[str, int]:
    """Platform 3: learning activities, study rooms existing at the end of the year, reading
    activities and lectures. Two queries, one when ``figures`` (``activity_figures``) are given."""
    figures = figures or activity_figures(
        committee_ids=committee_ids,
        year=year,
        names=["learning_activities", "reading_activities", "lectures"],
    )
    study_rooms = _existing_by_end_of(StudyRoom, committee_ids, year).count()
    return {
        "learning_activities": figures["learning_activities"],
        "study_rooms": study_rooms,
        "reading_activities": figures["reading_activities"],
        "lectures": figures["lectures"],
    }


def publicity_counts(*, committee_ids: Iterable[int], year: int) -> dict[str, int]:
    """Platform 5: articles in provincial or national media (WeChat posts excluded) and posts on the
    committees' WeChat accounts, in the year. One query."""
    return Publication.objects.filter(in_committees(committee_ids), published_on__year=year).aggregate(
        provincial_media_articles=Count(
            "id",
            filter=Q(level__in=[Publication.Level.PROVINCE, Publication.Level.NATIONAL])
            & ~Q(channel=Publication.Channel.WECHAT),
        ),
        wechat_posts=Count("id", filter=Q(channel=Publication.Channel.WECHAT)),
    )


def checkin_board(activity: Activity) -> dict:
    """The check-in screen's figures: how many of the expected (everyone on the list but those on
    approved leave) are present, and who is still missing, by name. One query."""
    expected = [
        a
        for a in activity_participants(activity).only("status", "member__name")
        if a.status != Attendance.Status.LEAVE_APPROVED
    ]
    present = sum(1 for a in expected if a.status == Attendance.Status.PRESENT)
    return {
        "present": present,
        "expected": len(expected),
        "missing": [a.member.name for a in expected if a.status != Attendance.Status.PRESENT],
    }


def participant_entry(*, activity: Activity, member_id: int) -> Attendance | None:
    """The member's entry on the activity's list (their seat and status), or ``None`` when they
    are not a participant."""
    return Attendance.objects.filter(activity=activity, member_id=member_id).first()
