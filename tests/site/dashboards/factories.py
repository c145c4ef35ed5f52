"""Records for the dashboard tests in any year: proposals and opinion reports taken through the
services to the state asked for, each step on its own date of that year (``on``); activities and the
platforms' entities, which have no lifecycle, made directly with the ORM."""

import datetime
import itertools

from cppcc.org.models import Committee, Member, Sector
from opinions import services as opinion_services
from opinions.models import OpinionReport
from platforms import services as platform_services
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
from proposals import services as proposal_services
from proposals.models import Assignment, Proposal
from tests.factories import (
    MemberFactory,
    at,  # noqa: F401  (f.at, for the tests that date records themselves)
    clerk_of,
    login_of,
    member_of,
    on,
    session_of,
)
from tests.opinions.factories import record_adoptions
from tests.proposals.factories import CategoryFactory

_numbers = itertools.count(1)


def proposal(
    committee: Committee, *, registered: int | None = 2024, state: str = "registered", **fields
) -> Proposal:
    """A proposal submitted on 10 January of ``registered`` (or 2024) and, unless ``registered`` is
    None or ``state`` is ``"submitted"``, registered on 20 January. ``fields`` are flags
    (``is_key``…) or the ``proposer``."""
    year = registered or 2024
    proposer = fields.pop("proposer", None) or member_of(committee)
    clerk = clerk_of(committee)
    with on(datetime.date(year, 1, 10)):
        item = proposal_services.proposal_create(
            actor=clerk,
            committee=committee,
            session=session_of(committee),
            title=f"关于民生工作的建议{next(_numbers)}",
            content="建议。",
            category=CategoryFactory(committee=committee),
            proposer=proposer,
        )
        proposal_services.proposal_submit(proposal=item, actor=login_of(proposer))
    if registered and state != "submitted":
        with on(datetime.date(year, 1, 20)):
            proposal_services.proposal_register(proposal=item, actor=clerk)
    if fields:
        Proposal.objects.filter(pk=item.pk).update(**fields)
    return Proposal.objects.get(pk=item.pk)


def handled(committee: Committee, unit, *, year: int = 2024, replied: bool = True) -> Proposal:
    """A proposal assigned to ``unit`` on 1 February, due on 1 May: replied on 1 March (category A)
    and closed by the proposer's satisfied feedback on 1 April, or still open, so overdue."""
    item = proposal(committee, registered=year)
    clerk = clerk_of(committee)
    with on(datetime.date(year, 2, 1)):
        proposal_services.proposal_assign(
            proposal=item, actor=clerk, units=[(unit, Assignment.Role.LEAD)], due_on=datetime.date(year, 5, 1)
        )
    if replied:
        with on(datetime.date(year, 3, 1)):
            proposal_services.proposal_reply(
                proposal=item, actor=clerk, category="A", content="已解决。", unit=unit
            )
        with on(datetime.date(year, 4, 1)):
            proposal_services.proposal_feedback(
                proposal=item, actor=login_of(item.proposer), satisfaction="satisfied"
            )
    return Proposal.objects.get(pk=item.pk)


def report(
    committee: Committee, *, year: int = 2024, state: str = "accepted", events=(), author=None
) -> OpinionReport:
    """An opinion report submitted on 1 May of ``year`` (unless a ``"draft"``), then accepted or
    declined, with adoption ``events`` ((body, action) pairs) recorded on 1 June."""
    authors = [author or member_of(committee)]
    clerk = clerk_of(committee)
    title, content = f"社情民意{next(_numbers)}", "反映……"
    with on(datetime.date(year, 5, 1)):
        if state == "draft":
            return opinion_services.report_create(
                committee=committee, title=title, content=content, authors=authors, actor=clerk
            )
        item = opinion_services.report_create_submitted(
            committee=committee, title=title, content=content, authors=authors, actor=clerk
        )
        if state == "accepted":
            item = opinion_services.report_accept(report=item, actor=clerk)
        elif state == "declined":
            item = opinion_services.report_decline(report=item, actor=clerk, reason="内容空泛。")
    with on(datetime.date(year, 6, 1)):
        record_adoptions(item, actor=clerk, events=events, date=datetime.date(year, 6, 1))
    return OpinionReport.objects.get(pk=item.pk)


def activity(committee: Committee, kind: str, *, year: int = 2024, **fields) -> Activity:
    return Activity.objects.create(
        committee=committee,
        kind=kind,
        title=f"活动{next(_numbers)}",
        date=datetime.date(year, 5, 10),
        **fields,
    )


def attended(item: Activity, member: Member, status: str = "present") -> Attendance:
    return platform_services.attendance_record(
        activity=item, member=member, status=status, actor=clerk_of(item.committee)
    )


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
