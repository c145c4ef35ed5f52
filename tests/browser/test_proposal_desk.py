"""The secretariat's proposal desk in headless Chromium: the clerk opens a submitted proposal,
registers it, assigns it through the searchable unit picker (the suggested unit offered first),
and reads a replied proposal's reply and timeline on one page. No console errors (the CSP holds),
no request leaves the machine."""

import datetime

import pytest
from django.urls import reverse

from proposals import services
from proposals.models import Assignment, Proposal, State
from tests.browser.conftest import log_in
from tests.factories import on
from tests.proposals.factories import CategoryFactory


@pytest.fixture
def category(city):
    return CategoryFactory(committee=city, name="城乡建设")


def filed(city, city_session, category, member_login, title: str, suggested=()) -> Proposal:
    proposal = services.proposal_create(
        actor=member_login,
        committee=city,
        session=city_session,
        title=title,
        content="情况分析与具体建议。",
        category=category,
        suggested_units=suggested,
    )
    return services.proposal_submit(proposal=proposal, actor=member_login)


def page_of(proposal: Proposal) -> str:
    return reverse("admin:proposals_proposal_change", args=[proposal.pk])


def assert_clean(page) -> None:
    assert page.console_errors == [] and page.external_requests == []


def test_the_clerk_registers_and_assigns_a_proposal(
    page, city, city_session, category, member_login, city_clerk, unit, co_unit
):
    proposal = filed(
        city, city_session, category, member_login, "关于国土绿化行动的建议", suggested=[co_unit]
    )
    log_in(page, "clerk")
    page.goto(page_of(proposal))
    assert "关于国土绿化行动的建议" in page.inner_text("#content")
    page.click("#desk-register button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "已立案，案号为十四届三次会议第0001号。" in page.inner_text(".messagelist")

    page.click("#desk-assign select[name=lead_unit] + .select2")
    page.wait_for_selector(".select2-results__option:has-text('市住房城乡建设局')")
    options = page.locator(".select2-results__option").all_inner_texts()
    assert options[:2] == ["市自然资源和规划局（建议承办）", "市住房城乡建设局"]
    page.fill(".select2-search__field", "自然资源")
    page.click(".select2-results__option:has-text('市自然资源和规划局')")
    page.click("#desk-assign select[name=co_units] + .select2")
    page.keyboard.type("住房")
    page.click(".select2-results__option:has-text('市住房城乡建设局')")
    page.click("#desk-assign button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "已交办，答复期限为" in page.inner_text(".messagelist")
    proposal.refresh_from_db()
    assert proposal.state == State.ASSIGNED
    assert set(proposal.assignments.values_list("unit__name", "role")) == {
        ("市自然资源和规划局", Assignment.Role.LEAD),
        ("市住房城乡建设局", Assignment.Role.CO),
    }
    assert page.locator("#desk-extend").count() == 1  # an assigned proposal's due date may be extended
    assert_clean(page)


def test_the_clerk_reads_the_reply_and_the_timeline_on_one_page(
    page, city, city_session, category, member_login, city_clerk, unit, unit_contact
):
    with on(datetime.date(2024, 1, 10)):
        proposal = filed(city, city_session, category, member_login, "关于背街小巷照明的建议")
    with on(datetime.date(2024, 1, 15)):
        services.proposal_register(proposal=proposal, actor=city_clerk)
        services.proposal_assign(proposal=proposal, actor=city_clerk, units=[(unit, Assignment.Role.LEAD)])
    with on(datetime.date(2024, 3, 1)):
        services.proposal_reply(
            proposal=proposal, actor=unit_contact, category="B", content="已列入明年计划。"
        )
    log_in(page, "clerk")
    page.goto(page_of(proposal))
    replies = page.inner_text("#desk-replies")
    assert "市住房城乡建设局" in replies and "已列入明年计划。" in replies and "B" in replies
    timeline = page.inner_text("#desk-timeline")
    for text in ["2024-01-15 10:00", "立案", "交办", "已交办 → 已答复", "市政协工作人员", "住建局联络员"]:
        assert text in timeline, text
    assert page.locator("#desk-close").count() == 1  # a replied proposal may be closed
    assert_clean(page)
