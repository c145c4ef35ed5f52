"""A small public world: published proposals of the city and of the county, and beside them what
must never reach the public pages (an unpublished reply, a draft, an opinion report, the members'
phone numbers and an identity number), all made through the services."""

from dataclasses import dataclass, field

import pytest

from cppcc.org.models import Role
from opinions import services as opinion_services
from proposals import services
from proposals.models import Assignment, Kind, Proposal, ReplyLabel
from tests.factories import (
    HandlingUnitFactory,
    SectorFactory,
    UserFactory,
    grant,
    session_of,
)
from tests.proposals.factories import CategoryFactory

ID_NUMBER = "372501198503150012"
UNIT_PHONE = "0635-8888666"


@dataclass
class PublicWorld:
    published: list[Proposal] = field(default_factory=list)
    unpublished: list[Proposal] = field(default_factory=list)
    secrets: list[str] = field(default_factory=list)  # text no public page may show


@pytest.fixture
def public_world(
    city,
    county,
    city_session,
    city_clerk,
    county_clerk,
    member,
    member_login,
    member2,
    member2_login,
    unit,
    unit_contact,
    county_member,
):
    world = PublicWorld()
    member.sector = SectorFactory(committee=city, name="经济界")
    member.address = "东昌府区某小区3号楼"
    member.save()
    member2.sector = SectorFactory(committee=city, name="教育界")
    member2.save()
    ReplyLabel.objects.create(committee=city, category="A", label="所提问题已经解决或采纳")
    category = CategoryFactory(committee=city, name="城乡建设")
    other_category = CategoryFactory(committee=city, name="社会事业")

    def replied(title, content, *, joint=False, cat=category, reply="已采纳，正在实施。"):
        proposal = services.proposal_create(
            actor=member_login,
            committee=city,
            session=city_session,
            title=title,
            content=content,
            category=cat,
            kind=Kind.JOINT if joint else Kind.INDIVIDUAL,
            cosigners=[member2.pk] if joint else [],
        )
        if joint:
            services.proposal_cosign(proposal=proposal, actor=member2_login, accept=True)
        services.proposal_submit(proposal=proposal, actor=member_login)
        services.proposal_register(proposal=proposal, actor=city_clerk)
        services.proposal_assign(proposal=proposal, actor=city_clerk, units=[(unit, Assignment.Role.LEAD)])
        services.proposal_reply(
            proposal=proposal,
            actor=unit_contact,
            category="A",
            content=reply,
            contact_person="张科长",
            contact_phone=UNIT_PHONE,
        )
        return Proposal.objects.get(pk=proposal.pk)

    first = replied(
        "关于加快老旧小区改造的建议",
        "我市老旧小区改造任务重，建议加快推进加装电梯。",
        joint=True,
        reply=f"已采纳。联系电话 {UNIT_PHONE}，手机 13905351234。",
    )
    services.proposal_feedback(proposal=first, actor=member_login, satisfaction="satisfied")
    second = replied(
        "关于发展托育服务的建议", f"建议扩大普惠托育供给。来信人身份证号{ID_NUMBER}。", cat=other_category
    )
    for proposal in (first, second):
        world.published.append(services.proposal_publish(proposal=proposal, actor=city_clerk))

    hidden = replied("关于未公开事项的建议", "这是一件未公开的提案。")
    world.unpublished.append(hidden)
    no_consent = replied("关于不同意公开的建议", "提案人不同意公开。")
    Proposal.objects.filter(pk=no_consent.pk).update(publish_consent=False)
    world.unpublished.append(no_consent)
    withdrawn = replied("关于撤回公开的建议", "公开后又撤回。")
    services.proposal_publish(proposal=withdrawn, actor=city_clerk)
    services.proposal_unpublish(proposal=withdrawn, actor=city_clerk)
    world.unpublished.append(withdrawn)
    draft = services.proposal_create(
        actor=member_login,
        committee=city,
        session=city_session,
        title="关于草稿事项的建议",
        content="草稿。",
        category=category,
    )
    world.unpublished.append(draft)

    county_session = session_of(county)
    county_unit = HandlingUnitFactory(committee=county, name="区教育和体育局")
    county_contact = grant(UserFactory(username="county_unit"), county, Role.HANDLING_UNIT, county_unit)
    in_county = services.proposal_file(
        actor=county_clerk,
        session=county_session,
        title="关于乡村学校建设的建议",
        content="建议改善乡村学校条件。",
        category=CategoryFactory(committee=county, name="教育"),
        proposer=county_member,
    )
    services.proposal_register(proposal=in_county, actor=county_clerk)
    services.proposal_assign(
        proposal=in_county, actor=county_clerk, units=[(county_unit, Assignment.Role.LEAD)]
    )
    services.proposal_reply(proposal=in_county, actor=county_contact, category="B", content="列入计划解决。")
    world.published.append(services.proposal_publish(proposal=in_county, actor=county_clerk))

    report = opinion_services.report_create(
        committee=city,
        title="关于社情民意专报事项的反映",
        content="反映……",
        authors=[member],
        actor=member_login,
    )
    opinion_services.report_submit(report=report, actor=member_login)
    world.secrets += [
        *(p.title for p in world.unpublished),
        report.title,
        member.phone,
        member2.phone,
        county_member.phone,
        member.address,
        "13905351234",
        UNIT_PHONE,
        "张科长",
        ID_NUMBER,
    ]
    return world
