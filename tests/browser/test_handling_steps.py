"""A key proposal through contact, co-unit sign-off, review and two-way rating, in headless Chromium:
the unit records a contact in the portal, the member confirms it, the co-unit gives its opinion, the
lead unit replies (待审核), the clerk releases the reply in the admin, the member then reads and
rates it, and the unit grades the proposal, which the member never sees."""

import pytest
from django.urls import reverse

from proposals import services
from proposals.models import Assignment, HandlingRules, QualityRating, ReplyReview, State
from tests.browser.conftest import log_in
from tests.proposals.factories import CategoryFactory


@pytest.fixture
def handled(city, city_session, member_login, city_clerk, unit, co_unit, co_contact, unit_contact):
    HandlingRules.objects.create(committee=city, contact_required=True, reply_review=ReplyReview.ALL)
    proposal = services.proposal_create(
        actor=member_login,
        committee=city,
        session=city_session,
        title="关于老旧小区加装电梯的建议",
        content="情况分析与具体建议。",
        category=CategoryFactory(committee=city, name="城乡建设"),
    )
    services.proposal_submit(proposal=proposal, actor=member_login)
    services.proposal_register(proposal=proposal, actor=city_clerk)
    return services.proposal_assign(
        proposal=proposal,
        actor=city_clerk,
        units=[(unit, Assignment.Role.LEAD), (co_unit, Assignment.Role.CO)],
    )


def sign_in(page, username: str, url: str) -> None:
    page.context.clear_cookies()
    log_in(page, username)
    page.goto(url)


def submit(page, selector: str) -> None:
    page.click(selector)
    page.wait_for_load_state("networkidle")


def test_a_reply_through_every_step(page, handled):
    portal = reverse("portal:proposal", args=[handled.pk])
    sign_in(page, "unit", portal)
    assert "尚未提出意见" in page.inner_text("#co-units")
    page.select_option("#contact-form select[name=method]", "visit")
    page.fill("#contact-form textarea[name=summary]", "登门走访，听取意见。")
    submit(page, "#contact-form button[type=submit]")
    assert "待提案人确认" in page.inner_text("#contacts")

    sign_in(page, "member", portal)
    submit(page, "#contacts button[value=confirm]")
    assert "已确认" in page.inner_text("#contacts")

    sign_in(page, "co_unit", portal)
    page.fill("#unit-opinion-form textarea[name=content]", "同意主办单位意见。")
    submit(page, "#unit-opinion-form button[type=submit]")

    sign_in(page, "unit", portal)
    assert "已提出意见" in page.inner_text("#co-units")
    page.check("#reply-form input[name=category][value=A]")
    page.fill("#reply-form textarea[name=content]", "已列入改造计划并实施。")
    submit(page, "#reply-form button[type=submit]")
    assert "待审核" in page.inner_text("#replies-heading + article")

    sign_in(page, "member", portal)
    assert "已列入改造计划并实施" not in page.inner_text("main")

    sign_in(page, "clerk", reverse("admin:proposals_proposal_change", args=[handled.pk]))
    submit(page, "#desk-release_reply_last button[type=submit]")
    assert "已审核通过并发布给提案人" in page.inner_text(".messagelist")
    handled.refresh_from_db()
    assert handled.state == State.REPLIED

    sign_in(page, "member", portal)
    assert "已列入改造计划并实施" in page.inner_text("main")
    page.check("#feedback-form input[name=satisfaction][value=satisfied]")
    submit(page, "#feedback-form button[type=submit]")

    sign_in(page, "unit", portal)
    page.check("#quality-form input[name=grade][value=excellent]")
    page.fill("#quality-form textarea[name=comment]", "调研扎实，建议可行。")
    submit(page, "#quality-form button[type=submit]")
    assert QualityRating.objects.get().grade == "excellent"

    sign_in(page, "member", portal)
    assert "调研扎实" not in page.content()
    assert page.console_errors == [] and page.external_requests == []
