"""A proposal's page at the secretariat's desk tells its whole story, in Chinese and local time,
to the clerks who may read it, and offers the transitions the clerk may take now."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cppcc.org.models import HandlingUnit
from proposals import services
from proposals.models import (
    Assignment,
    Attachment,
    Cosignature,
    Feedback,
    ProposalTimelineEntry,
    Reply,
    UnitOpinion,
)
from tests.factories import on, session_of

from .factories import ProposalFactory

pytestmark = pytest.mark.django_db


def page_of(proposal) -> str:
    return reverse("admin:proposals_proposal_change", args=[proposal.pk])


@pytest.fixture
def story(
    city,
    city_session,
    category,
    member_login,
    member2_login,
    city_clerk,
    unit,
    unit_contact,
    co_unit,
    co_contact,
):
    """A joint proposal co-signed, suggested to ``unit``, assigned to it with ``co_unit``, given a
    co-unit opinion, answered with a letter attached, and rated satisfied by the proposer."""
    with on(datetime.date(2024, 1, 10)):
        proposal = services.proposal_create(
            actor=member_login,
            committee=city,
            session=city_session,
            title="关于老旧小区加装电梯的建议",
            content="老旧小区居民上下楼困难。",
            category=category,
            kind="joint",
            cosigners=[member2_login.member.pk],
            suggested_units=[unit],
        )
        services.proposal_cosign(proposal=proposal, actor=member2_login, accept=True)
        services.proposal_submit(proposal=proposal, actor=member_login)
    with on(datetime.date(2024, 1, 15)):
        services.proposal_register(proposal=proposal, actor=city_clerk)
        services.proposal_assign(
            proposal=proposal,
            actor=city_clerk,
            units=[(unit, Assignment.Role.LEAD), (co_unit, Assignment.Role.CO)],
        )
    with on(datetime.date(2024, 2, 1)):
        services.proposal_unit_opinion(proposal=proposal, actor=co_contact, content="同意主办单位的方案。")
    with on(datetime.date(2024, 3, 1)):
        reply = services.proposal_reply(
            proposal=proposal, actor=unit_contact, category="A", content="已纳入今年民生实事，正在实施。"
        )
        services.attachment_add(
            proposal=proposal,
            actor=unit_contact,
            upload=SimpleUploadedFile("答复函.pdf", b"%PDF-1.4 reply"),
            reply=reply,
        )
    with on(datetime.date(2024, 3, 10)):
        services.proposal_feedback(
            proposal=proposal, actor=member_login, satisfaction="satisfied", comment="很满意"
        )
    proposal.refresh_from_db()
    return proposal


def test_the_page_tells_the_whole_story_in_chinese_and_local_time(client, city_clerk, story):
    client.force_login(city_clerk)
    response = client.get(page_of(story))
    assert response.status_code == 200
    page = response.content.decode()
    attachment = Attachment.objects.get(proposal=story)
    for text in [
        "十四届三次会议第0001号",
        # proposers and co-signers, with their answer
        "李明远",
        "第一提案人",
        "王晓梅",
        "已接受",
        # suggested and assigned units, the due date three months on
        "建议承办单位",
        "市住房城乡建设局",
        "市自然资源和规划局",
        "主办单位",
        "会办单位",
        "2024-04-15",
        # the reply with its category and its letter, downloaded through the gate
        "已纳入今年民生实事，正在实施。",
        "A 已解决或采纳",
        f'href="/proposals/attachments/{attachment.pk}/"',
        "答复函.pdf",
        # the co-unit's opinion and the proposer's rating
        "同意主办单位的方案。",
        "满意",
        "很满意",
        # the timeline: local times (10:00 in Shanghai), Chinese actions and states, who acted
        "2024-01-15 10:00",
        "立案",
        "已提交 → 已立案",
        "交办",
        "已答复 → 已办结",
        "市政协工作人员",
        f'href="{reverse("admin:proposals_proposal_history", args=[story.pk])}"',
    ]:
        assert text in page, text
    assert "02:00" not in page  # no UTC time
    assert "submitted → registered" not in page


def test_similar_proposals_are_on_the_page(client, city_clerk, city_session, category, member, story):
    twin = ProposalFactory(
        session=city_session,
        proposer=member,
        category=category,
        title="关于老旧小区加装电梯的建议",
        state="submitted",
    )
    client.force_login(city_clerk)
    page = client.get(page_of(twin)).content.decode()
    assert "相似提案" in page
    assert f'href="{page_of(story)}"' in page
    assert "十四届三次会议第0001号 关于老旧小区加装电梯的建议" in page


@pytest.mark.parametrize(
    "model",
    [Cosignature, Assignment, Reply, Attachment, Feedback, UnitOpinion, ProposalTimelineEntry, HandlingUnit],
)
def test_the_secretariat_may_view_every_record_the_page_shows(model, city_clerk, county_clerk, story):
    codename = f"{model._meta.app_label}.view_{model._meta.model_name}"
    assert city_clerk.has_perm(codename)
    assert county_clerk.has_perm(codename)
    for record in model.objects.filter(**({"proposal": story} if model is not HandlingUnit else {})):
        assert city_clerk.has_perm(codename, record), record


def test_the_county_clerk_reads_only_the_county_proposals(client, county, county_clerk, county_member, story):
    county_proposal = ProposalFactory(session=session_of(county), proposer=county_member, state="submitted")
    client.force_login(county_clerk)
    assert client.get(page_of(county_proposal)).status_code == 200
    assert client.get(page_of(story)).status_code == 302  # the admin's "no such object"
    refused = client.post(reverse("admin:proposals_proposal_register", args=[story.pk]))
    assert refused.status_code == 302 and refused.url == reverse("admin:index")


def test_the_city_clerk_reads_a_county_proposal_without_acting_on_it(
    client, county, county_member, city_clerk
):
    county_proposal = ProposalFactory(session=session_of(county), proposer=county_member, state="submitted")
    client.force_login(city_clerk)
    page = client.get(page_of(county_proposal)).content.decode()
    assert "本提案目前没有待秘书处办理的事项。" in page
    assert 'id="desk-register"' not in page


@pytest.mark.parametrize(
    "state, forms",
    [
        ("submitted", {"register", "reject", "return", "merge"}),
        ("registered", {"assign"}),
        ("assigned", {"extend"}),
        ("replied", {"close", "publish"}),
        ("draft", set()),
    ],
)
def test_the_page_offers_the_transitions_allowed_now(request, client, city_clerk, state, forms):
    proposal = request.getfixturevalue(state)
    client.force_login(city_clerk)
    response = client.get(page_of(proposal))
    assert {form.transition for form in response.context["desk_forms"]} == forms
    page = response.content.decode()
    for name in forms:
        assert f'action="{reverse(f"admin:proposals_proposal_{name}", args=[proposal.pk])}"' in page
