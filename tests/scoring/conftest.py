"""A member's year of records, built through the services on the days they happened: two plenary
sessions, meetings, activities, proposals and opinion reports, enough to exercise every scoring rule."""

import datetime

import pytest

from opinions import services as opinion_services
from opinions.models import Adoption, Body, OpinionReport
from platforms import services as platform_services
from platforms.models import Activity, Attendance
from proposals import services as proposal_services
from proposals.models import Category, Kind, Proposal
from tests.factories import clerk_of, login_of, on
from tests.opinions.factories import record_adoptions
from tests.platforms.factories import ActivityFactory
from tests.proposals.factories import CategoryFactory

Status = Attendance.Status


def attend(member, kind, status, day, spoke=False) -> Attendance:
    """An activity of the member's committee on ``day``, and the member's attendance as the
    secretariat records it; approved leave is asked for by the member a week before."""
    activity = ActivityFactory(committee=member.committee, kind=kind, date=day, title=f"{kind}-{day}")
    clerk = clerk_of(member.committee)
    if status == Status.LEAVE_APPROVED:
        with on(day - datetime.timedelta(days=7)):
            asked = platform_services.attendance_request_leave(
                activity=activity, member=member, reason="出差。", actor=login_of(member)
            )
            return platform_services.attendance_approve_leave(attendance=asked, actor=clerk)
    with on(day):
        return platform_services.attendance_record(
            activity=activity, member=member, status=status, actor=clerk, spoke=spoke
        )


def registered_proposal(session, proposer, day, *, kind=Kind.INDIVIDUAL, cosigners=(), **flags) -> Proposal:
    """A proposal of ``proposer`` (with ``cosigners`` who accept), submitted and registered on ``day``;
    ``flags`` such as ``is_key``."""
    committee = session.committee
    category = Category.objects.filter(committee=committee).first() or CategoryFactory(committee=committee)
    with on(day):
        item = proposal_services.proposal_create(
            actor=login_of(proposer),
            committee=committee,
            session=session,
            title=f"关于民生工作的建议（{day}）",
            content="情况分析与具体建议。",
            category=category,
            kind=kind,
            cosigners=[cosigner.pk for cosigner in cosigners],
        )
        for cosigner in cosigners:
            proposal_services.proposal_cosign(proposal=item, actor=login_of(cosigner), accept=True)
        proposal_services.proposal_submit(proposal=item, actor=login_of(proposer))
        proposal_services.proposal_register(proposal=item, actor=clerk_of(committee))
    Proposal.objects.filter(pk=item.pk).update(**flags)
    return Proposal.objects.get(pk=item.pk)


def report(member, day, *, adoptions=()) -> OpinionReport:
    """A report of ``member`` submitted and accepted on ``day``, with the adoptions ``(body, action)``."""
    clerk = clerk_of(member.committee)
    with on(day):
        item = opinion_services.report_create_submitted(
            committee=member.committee, title=f"社情民意{day}", content="内容", authors=[member], actor=clerk
        )
        item = opinion_services.report_accept(report=item, actor=clerk)
        record_adoptions(item, actor=clerk, events=adoptions, date=day)
    return item


@pytest.fixture
def busy_year(member_login, member2_login, city_session):
    """李明远's 2024, and a little of 2023 that must not count."""
    member, member2 = member_login.member, member2_login.member
    d = datetime.date
    attend(member, Activity.Kind.PLENARY, Status.PRESENT, d(2024, 1, 8), spoke=True)  # 50 + speech 2
    attend(member, Activity.Kind.STANDING_COMMITTEE, Status.ABSENT, d(2024, 3, 1))  # -5
    attend(member, Activity.Kind.PARTY_LEARNING, Status.PRESENT, d(2024, 4, 1))  # 5
    attend(member, Activity.Kind.INSPECTION, Status.LEAVE_APPROVED, d(2024, 5, 1))  # no rule
    for month in range(6, 13):  # seven other activities: 5 each, capped at 30
        attend(member, Activity.Kind.INSPECTION, Status.PRESENT, d(2024, month, 2))
    attend(member, Activity.Kind.PLENARY, Status.PRESENT, d(2023, 1, 8))  # another year
    registered_proposal(city_session, member, d(2024, 1, 9), is_key=True)  # 15 + 5
    registered_proposal(city_session, member2, d(2024, 1, 10), kind=Kind.JOINT, cosigners=[member])  # 5
    report(
        member,
        d(2024, 2, 1),
        adoptions=[
            (Body.PROVINCE_CPPCC, Adoption.Action.ADOPTED),
            (Body.CITY_PARTY_COMMITTEE, Adoption.Action.ADOPTED),
            (Body.NATIONAL_CPPCC, Adoption.Action.FORWARDED),
            (Body.CITY_GOVERNMENT, Adoption.Action.INSTRUCTED),
        ],
    )  # 2 + province 20 + instruction 6
    report(member, d(2024, 2, 2))  # 2
    return member
