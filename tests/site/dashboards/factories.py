"""Records for the dashboard tests, made directly with the ORM so their dates and states can be set
freely: proposals at any stage with their handling, opinion reports with adoption events, activities
and the platforms' entities."""

import datetime
import itertools

from django.utils import timezone

from cppcc.org.models import Committee, Member, Sector, Session, Term
from opinions.models import Adoption, OpinionReport, ReportAuthor
from platforms.models import (
    Activity,
    Attendance,
    DeliberationRoom,
    Publication,
    SectorGroup,
    StudyRoom,
    TeamMember,
    Visit,
)
from proposals.models import Assignment, Feedback, Proposal, Reply
from tests.factories import MemberFactory, SessionFactory, TermFactory
from tests.proposals.factories import CategoryFactory

_numbers = itertools.count(1)


def at(year: int, month: int = 6, day: int = 15) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, 10, 0))


def session_of(committee: Committee) -> Session:
    session = Session.objects.filter(committee=committee).first()
    if session is None:
        term = Term.objects.filter(committee=committee).first() or TermFactory(committee=committee)
        session = SessionFactory(term=term, committee=committee)
    return session


def proposal(
    committee: Committee, *, registered: int | None = 2024, state: str = "registered", **fields
) -> Proposal:
    session = session_of(committee)
    fields.setdefault("proposer", member_of(committee))
    return Proposal.objects.create(
        committee=committee,
        session=session,
        number=next(_numbers) if registered else None,
        title=f"关于民生工作的建议{next(_numbers)}",
        content="建议。",
        category=CategoryFactory(committee=committee),
        state=state,
        submitted_at=at(registered or 2024, 1, 10),
        registered_at=at(registered) if registered else None,
        **fields,
    )


def handled(committee: Committee, unit, *, year: int = 2024, replied: bool = True):
    """A proposal assigned to ``unit`` in February, due in May: replied (category A, satisfied) or
    still open, so overdue."""
    item = proposal(committee, registered=year, state="closed" if replied else "assigned")
    Assignment.objects.create(
        proposal=item,
        unit=unit,
        role=Assignment.Role.LEAD,
        assigned_on=datetime.date(year, 2, 1),
        started_on=datetime.date(year, 2, 1),
        due_on=datetime.date(year, 5, 1),
        replied_at=at(year, 3, 1) if replied else None,
    )
    if replied:
        Reply.objects.create(
            proposal=item, unit=unit, category="A", content="已解决。", replied_at=at(year, 3, 1)
        )
        Feedback.objects.create(
            proposal=item, member=member_of(committee), satisfaction="satisfied", at=at(year, 4, 1)
        )
    return item


def member_of(committee: Committee) -> Member:
    return Member.objects.filter(committee=committee).first() or MemberFactory(committee=committee)


def report(
    committee: Committee, *, year: int = 2024, state: str = "accepted", events=(), author=None
) -> OpinionReport:
    """An opinion report submitted in ``year`` with adoption ``events``: (body, action) pairs."""
    item = OpinionReport.objects.create(
        committee=committee,
        title=f"社情民意{next(_numbers)}",
        content="反映……",
        state=state,
        submitted_at=at(year, 5, 1) if state != "draft" else None,
    )
    ReportAuthor.objects.create(report=item, member=author or member_of(committee), order=0)
    for body, action in events:
        Adoption.objects.create(
            report=item,
            body=body,
            action=action,
            date=datetime.date(year, 6, 1),
            leader="张某" if action == Adoption.Action.INSTRUCTED else "",
        )
    return item


def activity(committee: Committee, kind: str, *, year: int = 2024, **fields) -> Activity:
    return Activity.objects.create(
        committee=committee,
        kind=kind,
        title=f"活动{next(_numbers)}",
        date=datetime.date(year, 5, 10),
        **fields,
    )


def attended(item: Activity, member: Member, status: str = "present") -> Attendance:
    return Attendance.objects.create(activity=item, member=member, status=status)


def room(committee: Committee, *, founded: int = 2023, **fields) -> DeliberationRoom:
    return DeliberationRoom.objects.create(
        committee=committee,
        name=f"民生议事室{next(_numbers)}",
        founded_on=datetime.date(founded, 3, 1),
        **fields,
    )


def study_room(committee: Committee, *, founded: int = 2023) -> StudyRoom:
    return StudyRoom.objects.create(
        committee=committee, name=f"学而书房{next(_numbers)}", founded_on=datetime.date(founded, 3, 1)
    )


def sector_group(committee: Committee, *, founded: int, sectors: int, leads: int, team: int) -> SectorGroup:
    group = SectorGroup.objects.create(
        committee=committee, name=f"界别同心汇{next(_numbers)}", founded_on=datetime.date(founded, 3, 1)
    )
    group.sectors.set(
        [Sector.objects.create(committee=committee, name=f"界别{next(_numbers)}") for _ in range(sectors)]
    )
    group.lead_members.set([MemberFactory(committee=committee) for _ in range(leads)])
    TeamMember.objects.bulk_create(TeamMember(group=group, name=f"成员{i}") for i in range(team))
    return group


def publication(committee: Committee, level: str, channel: str, *, year: int = 2024) -> Publication:
    return Publication.objects.create(
        committee=committee,
        title=f"稿件{next(_numbers)}",
        outlet="大众日报",
        level=level,
        channel=channel,
        published_on=datetime.date(year, 6, 1),
    )


def visit(committee: Committee, organisation: str, kind: str, *, year: int = 2024) -> Visit:
    return Visit.objects.create(
        committee=committee, organisation=organisation, kind=kind, date=datetime.date(year, 6, 1)
    )
