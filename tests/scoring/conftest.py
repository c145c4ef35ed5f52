"""A member's year of records, built directly: two plenary sessions, meetings, activities, proposals
and opinion reports, enough to exercise every scoring rule."""

import datetime

import pytest
from django.utils import timezone

from opinions.models import Adoption, Body, OpinionReport, ReportAuthor
from platforms.models import Activity, Attendance
from proposals.models import Cosignature, Kind, Proposal, State
from tests.platforms.factories import ActivityFactory, AttendanceFactory
from tests.proposals.factories import ProposalFactory

Status = Attendance.Status


def at(day: datetime.date):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def attend(member, kind, status, day, spoke=False):
    activity = ActivityFactory(committee=member.committee, kind=kind, date=day, title=f"{kind}-{day}")
    return AttendanceFactory(activity=activity, member=member, status=status, spoke=spoke)


def registered_proposal(session, proposer, day, **flags):
    return ProposalFactory(
        session=session,
        proposer=proposer,
        state=State.CLOSED,
        submitted_at=at(day),
        registered_at=at(day),
        number=Proposal.objects.filter(session=session).count() + 1,
        **flags,
    )


def report(member, day, *, adoptions=()):
    item = OpinionReport.objects.create(
        committee=member.committee,
        title=f"社情民意{day}",
        content="内容",
        state=OpinionReport.State.ACCEPTED,
        submitted_at=at(day),
    )
    ReportAuthor.objects.create(report=item, member=member, order=1)
    for body, action in adoptions:
        Adoption.objects.create(report=item, body=body, action=action, date=day)
    return item


@pytest.fixture
def busy_year(member, member2, city_session):
    """李明远's 2024, and a little of 2023 that must not count."""
    d = datetime.date
    attend(member, Activity.Kind.PLENARY, Status.PRESENT, d(2024, 1, 8), spoke=True)  # 50 + speech 2
    attend(member, Activity.Kind.STANDING_COMMITTEE, Status.ABSENT, d(2024, 3, 1))  # -5
    attend(member, Activity.Kind.PARTY_LEARNING, Status.PRESENT, d(2024, 4, 1))  # 5
    attend(member, Activity.Kind.INSPECTION, Status.LEAVE_APPROVED, d(2024, 5, 1))  # no rule
    for month in range(6, 13):  # seven other activities: 5 each, capped at 30
        attend(member, Activity.Kind.INSPECTION, Status.PRESENT, d(2024, month, 2))
    attend(member, Activity.Kind.PLENARY, Status.PRESENT, d(2023, 1, 8))  # another year
    registered_proposal(city_session, member, d(2024, 1, 9), is_key=True)  # 15 + 5
    joint = registered_proposal(city_session, member2, d(2024, 1, 10), kind=Kind.JOINT)
    Cosignature.objects.create(proposal=joint, member=member, status=Cosignature.Status.ACCEPTED)  # 5
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
