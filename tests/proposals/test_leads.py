"""Public leads (提案线索征集): what is received, the secretariat's screening (accept, merge,
decline with a reason), who reads them, and a member's draft proposal started from one."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cppcc.core.querysets import CHANGE, VIEW
from cppcc.core.workflow import InvalidTransition
from proposals import services
from proposals.models import Lead, LeadState, Proposal, State

from .factories import CategoryFactory

pytestmark = pytest.mark.django_db

TEXT = "小区门口的路灯坏了三个月，晚上出行很不方便，希望尽快修复。"


@pytest.fixture
def lead(city, category):
    return services.lead_submit(
        committee=city, description=TEXT, category=category, name="张大爷", phone="13800001111"
    )


@pytest.fixture
def accepted(lead, city_clerk):
    return services.lead_accept(lead=lead, actor=city_clerk)


def test_a_lead_is_received_with_a_readable_receipt(lead):
    assert lead.state == LeadState.RECEIVED
    assert re.fullmatch(r"XS\d{4}-[2-9A-HJKMNP-Z]{6}", lead.receipt)
    assert lead.name == "张大爷"
    assert lead.proposals.count() == 0


def test_receipts_differ(city, category):
    receipts = {
        services.lead_submit(committee=city, description=TEXT, category=category).receipt for _i in range(20)
    }
    assert len(receipts) == 20


@pytest.mark.parametrize(
    "text",
    [
        "太短了",
        "长" * 301,
        "详情请看 https://example.com/a 这个链接里的内容",
        "详情请看 www.example.cn 这个网站里面的内容",
        "详情请访问 ｅｘａｍｐｌｅ．ｃｏｍ 了解更多情况内容",
    ],
)
def test_too_short_too_long_or_with_a_link_is_refused(city, category, text):
    with pytest.raises(ValidationError) as error:
        services.lead_submit(committee=city, description=text, category=category)
    assert "description" in error.value.message_dict
    assert not Lead.objects.exists()


def test_the_category_belongs_to_the_committee(city, other_city):
    with pytest.raises(ValidationError) as error:
        services.lead_submit(committee=city, description=TEXT, category=CategoryFactory(committee=other_city))
    assert "category" in error.value.message_dict


def test_a_bad_phone_is_refused(city, category):
    with pytest.raises(ValidationError) as error:
        services.lead_submit(committee=city, description=TEXT, category=category, phone="call me")
    assert "phone" in error.value.message_dict


def test_the_secretariat_accepts(accepted, city_clerk):
    assert accepted.state == LeadState.ACCEPTED
    assert accepted.decided_by == city_clerk
    assert accepted.decided_at is not None


def test_a_decline_needs_a_reason(lead, city_clerk):
    with pytest.raises(ValidationError):
        services.lead_decline(lead=lead, actor=city_clerk, reason="  ")
    declined = services.lead_decline(lead=lead, actor=city_clerk, reason="属个人诉求，请通过12345反映。")
    assert declined.state == LeadState.DECLINED
    assert declined.reason == "属个人诉求，请通过12345反映。"


def test_merge_into_another_lead_of_the_committee(lead, accepted, city, category, city_clerk):
    second = services.lead_submit(committee=city, description=TEXT + "（重复）", category=category)
    merged = services.lead_merge(lead=second, actor=city_clerk, into=accepted)
    assert merged.state == LeadState.MERGED
    assert merged.merged_into == accepted


def test_merge_refuses_itself_another_committee_and_a_declined_lead(lead, city, county, category, city_clerk):
    declined = services.lead_submit(committee=city, description=TEXT, category=category)
    services.lead_decline(lead=declined, actor=city_clerk, reason="重复")
    county_lead = services.lead_submit(
        committee=county, description=TEXT, category=CategoryFactory(committee=county)
    )
    for into in (lead, declined, county_lead):
        with pytest.raises(ValidationError):
            services.lead_merge(lead=lead, actor=city_clerk, into=into)
    assert Lead.objects.get(pk=lead.pk).state == LeadState.RECEIVED


@pytest.mark.parametrize("who", ["county_clerk", "leader", "member_login", "unit_contact"])
def test_only_the_committees_secretariat_screens(request, lead, who):
    with pytest.raises(PermissionDenied):
        services.lead_accept(lead=lead, actor=request.getfixturevalue(who))


def test_a_lead_is_screened_once(accepted, city_clerk):
    with pytest.raises(InvalidTransition):
        services.lead_decline(lead=accepted, actor=city_clerk, reason="不属于政协职能。")


def test_who_reads_leads(accepted, city, category, city_clerk, county_clerk, leader, member_login):
    received = services.lead_submit(committee=city, description=TEXT, category=category)

    def readable(user, action=VIEW):
        return set(Lead.objects.restrict(user, action))

    assert readable(city_clerk) == {accepted, received}
    assert readable(leader) == {accepted, received}
    assert readable(member_login) == {accepted}
    assert readable(county_clerk) == set()
    assert readable(city_clerk, CHANGE) == {accepted, received}
    assert readable(leader, CHANGE) == set()
    assert readable(member_login, CHANGE) == set()


def test_a_member_turns_an_accepted_lead_into_a_draft(accepted, member_login, city_session):
    draft = services.lead_to_draft(lead=accepted, actor=member_login)
    assert draft.state == State.DRAFT
    assert draft.lead == accepted
    assert draft.proposer == member_login.member
    assert draft.session == city_session
    assert draft.category == accepted.category
    assert draft.title == "小区门口的路灯坏了三个月，晚上出行很不方便，希望尽快修复"
    assert draft.content == TEXT


def test_only_accepted_leads_of_ones_committee_become_drafts(
    accepted, city, category, city_session, city_clerk, member_login
):
    received = services.lead_submit(committee=city, description=TEXT, category=category)
    with pytest.raises(InvalidTransition):
        services.lead_to_draft(lead=received, actor=member_login)
    with pytest.raises(PermissionDenied):
        services.lead_to_draft(lead=accepted, actor=city_clerk)
    assert not Proposal.objects.exists()
