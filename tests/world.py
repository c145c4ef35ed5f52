"""One small dataset for the whole-API tests (permission matrix, fuzzing): a city with a county
below it, every persona of API.md's table, and one record of each kind built through the services.

- a joint proposal by ``member`` co-signed by ``cosigner``, registered and assigned to ``unit``;
- a draft proposal of ``member`` (only the proposer and the secretariat may read it);
- an opinion report by ``member``, submitted; a county report;
- a city activity next month with ``member`` invited, and a county activity.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from cppcc.org.models import Committee, HandlingUnit, Member, Role, User
from opinions import services as opinion_services
from opinions.models import OpinionReport
from platforms import services as platform_services
from platforms.models import Activity
from proposals import services as proposal_services
from proposals.models import Assignment, Category, Proposal

from .factories import (
    CommitteeFactory,
    HandlingUnitFactory,
    MemberFactory,
    SessionFactory,
    TermFactory,
    UserFactory,
    grant,
    member_user,
)


@dataclass
class World:
    city: Committee
    county: Committee
    users: dict[str, User | None] = field(default_factory=dict)
    members: dict[str, Member] = field(default_factory=dict)
    unit: HandlingUnit | None = None
    other_unit: HandlingUnit | None = None
    proposal: Proposal | None = None
    draft: Proposal | None = None
    report: OpinionReport | None = None
    county_report: OpinionReport | None = None
    activity: Activity | None = None
    county_activity: Activity | None = None


def build_world() -> World:
    city = CommitteeFactory(code="city", name="聊城市政协", short_name="聊城市", level=Committee.Level.CITY)
    county = CommitteeFactory(
        code="county", name="东昌府区政协", short_name="东昌府区", level=Committee.Level.COUNTY, parent=city
    )
    term = TermFactory(committee=city)
    session = SessionFactory(term=term, number=3, name="十四届三次会议")
    world = World(city=city, county=county)

    for key, name in (("member", "李明远"), ("cosigner", "王晓梅"), ("another_member", "赵思远")):
        world.members[key] = MemberFactory(committee=city, term=term, name=name)
        world.users[key] = member_user(world.members[key], key)
    county_member = MemberFactory(committee=county, name="孙立新")
    world.members["county_member"] = county_member

    world.unit = HandlingUnitFactory(committee=city, name="市住房城乡建设局")
    world.other_unit = HandlingUnitFactory(committee=city, name="市教育局")
    world.users["unit"] = grant(UserFactory(username="unit"), city, Role.HANDLING_UNIT, world.unit)
    world.users["other_unit"] = grant(
        UserFactory(username="other_unit"), city, Role.HANDLING_UNIT, world.other_unit
    )
    clerk = grant(UserFactory(username="city_clerk", is_staff=True), city, Role.SECRETARIAT)
    county_clerk = grant(UserFactory(username="county_clerk", is_staff=True), county, Role.SECRETARIAT)
    world.users.update(
        anonymous=None,
        city_clerk=clerk,
        county_clerk=county_clerk,
        leader=grant(UserFactory(username="leader"), city, Role.LEADER),
    )

    member, cosigner = world.users["member"], world.users["cosigner"]
    category = Category.objects.create(committee=city, name="城乡建设")
    proposal = proposal_services.proposal_create(
        actor=member,
        committee=city,
        session=session,
        title="关于老旧小区加装电梯的建议",
        content="情况与建议。",
        category=category,
        kind="joint",
        cosigners=[world.members["cosigner"].pk],
    )
    proposal_services.proposal_cosign(proposal=proposal, actor=cosigner, accept=True)
    proposal_services.proposal_submit(proposal=proposal, actor=member)
    proposal_services.proposal_register(proposal=proposal, actor=clerk)
    proposal_services.proposal_assign(
        proposal=proposal, actor=clerk, units=[(world.unit, Assignment.Role.LEAD)]
    )
    world.proposal = Proposal.objects.get(pk=proposal.pk)
    world.draft = proposal_services.proposal_create(
        actor=member,
        committee=city,
        session=session,
        title="关于社区养老服务的建议",
        content="草稿。",
        category=category,
        kind="individual",
    )

    report = opinion_services.report_create(
        committee=city,
        title="关于农村助餐服务的建议",
        content="建议……",
        authors=[world.members["member"]],
        actor=member,
    )
    world.report = opinion_services.report_submit(report=report, actor=member)
    world.county_report = opinion_services.report_create_submitted(
        committee=county,
        title="关于城区停车的建议",
        content="建议……",
        authors=[county_member],
        actor=county_clerk,
    )

    world.activity = platform_services.activity_create(
        activity=Activity(
            committee=city,
            kind=Activity.Kind.INSPECTION,
            title="视察老旧小区改造",
            date=timezone.localdate() + datetime.timedelta(days=30),
        ),
        actor=clerk,
    )
    platform_services.attendance_record(
        activity=world.activity, member=world.members["member"], status="invited", actor=clerk
    )
    world.county_activity = platform_services.activity_create(
        activity=Activity(
            committee=county,
            kind=Activity.Kind.INSPECTION,
            title="视察城区道路",
            date=datetime.date(2024, 6, 1),
        ),
        actor=county_clerk,
    )
    return world
