"""The portal in headless Chromium: a member writes a joint proposal and invites a co-signer, who
accepts, and the member submits it; a unit replies with an attachment; the member rates the reply;
a leave request; the score page adds up. No console errors, no request leaves the machine."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from platforms.models import Activity, Attendance
from proposals import services
from proposals.models import Assignment, Attachment, Proposal, State
from tests.browser.conftest import log_in
from tests.platforms.factories import ActivityFactory, AttendanceFactory
from tests.proposals.factories import CategoryFactory, ProposalFactory
from tests.scoring.conftest import busy_year  # noqa: F401  (the fixture)


@pytest.fixture
def category(city):
    return CategoryFactory(committee=city, name="城乡建设")


@pytest.fixture
def assigned(city_session, category, member_login, city_clerk, unit, unit_contact):
    proposal = ProposalFactory(
        session=city_session,
        proposer=member_login.member,
        category=category,
        title="关于加强老旧小区改造的建议",
    )
    services.proposal_submit(proposal=proposal, actor=member_login)
    services.proposal_register(proposal=proposal, actor=city_clerk)
    return services.proposal_assign(proposal=proposal, actor=city_clerk, units=[(unit, Assignment.Role.LEAD)])


def switch_user(page, username: str) -> None:
    page.context.clear_cookies()
    log_in(page, username)


def assert_clean(page) -> None:
    assert page.console_errors == [] and page.external_requests == []


def test_a_member_writes_invites_and_submits_a_joint_proposal(
    page, member_login, member2_login, city_session, category
):
    ProposalFactory(
        session=city_session,
        proposer=member2_login.member,
        category=category,
        title="关于缓解城区停车难问题的建议",
        state=State.REGISTERED,
        number=1,
    )
    log_in(page, "member")
    page.click("text=我的提案")
    page.click("text=撰写提案")
    page.fill("#id_title", "关于城区停车难的建议")
    page.wait_for_selector("#similar-list li")
    assert "关于缓解城区停车难问题的建议" in page.inner_text("#similar-list")
    page.fill("#id_content", "老城区停车位缺口大，建议建设立体停车场。")
    page.select_option("#id_category", label="城乡建设")
    page.locator("#id_cosigners").press_sequentially("王晓")
    page.click(".member-search .results button:has-text('王晓梅')")
    page.click("button:has-text('保存草稿')")
    page.wait_for_load_state("networkidle")
    assert "草稿已保存" in page.inner_text("main")
    proposal = Proposal.objects.get(title="关于城区停车难的建议")
    assert proposal.state == State.DRAFT and proposal.kind == "joint"
    assert_clean(page)

    switch_user(page, "member2")
    page.goto("/portal/proposals/")
    page.click(".invitation button:has-text('同意附议')")
    page.wait_for_load_state("networkidle")
    assert "您已同意附议此提案" in page.inner_text("main")
    assert_clean(page)

    switch_user(page, "member")
    page.goto(f"/portal/proposals/{proposal.pk}/")
    page.click("button:has-text('提交提案')")
    page.wait_for_load_state("networkidle")
    assert "提案已提交" in page.inner_text("main")
    proposal.refresh_from_db()
    assert proposal.state == State.SUBMITTED
    assert_clean(page)


def test_a_unit_replies_with_an_attachment_and_the_member_rates_the_reply(
    page, assigned, unit_contact, member_login
):
    log_in(page, "unit")
    assert assigned.title in page.inner_text("main")
    page.click(f"text={assigned.title}")
    page.check("input[name=category][value=B]")
    page.fill("#id_content", "已列入明年改造计划，将分批实施。")
    page.set_input_files(
        "#id_attachments",
        files=[{"name": "答复函.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}],
    )
    page.click("button:has-text('提交答复')")
    page.wait_for_load_state("networkidle")
    assert "答复已提交" in page.inner_text("main") and "答复函.pdf" in page.inner_text("main")
    assigned.refresh_from_db()
    assert assigned.state == State.REPLIED and Attachment.objects.filter(reply__isnull=False).count() == 1
    assert_clean(page)

    switch_user(page, "member")
    page.goto(f"/portal/proposals/{assigned.pk}/")
    page.check("input[name=satisfaction][value=satisfied]")
    page.fill("#id_comment", "答复具体，措施可行。")
    page.click("button:has-text('提交评价')")
    page.wait_for_load_state("networkidle")
    assert "感谢您对答复的评价" in page.inner_text("main")
    assigned.refresh_from_db()
    assert assigned.state == State.CLOSED
    assert_clean(page)


def test_a_member_asks_for_leave(page, member_login):
    member = member_login.member
    activity = ActivityFactory(
        committee=member.committee,
        kind=Activity.Kind.STANDING_COMMITTEE,
        title="常委会第十次会议",
        date=timezone.localdate() + datetime.timedelta(days=7),
    )
    AttendanceFactory(activity=activity, member=member, status=Attendance.Status.INVITED)
    log_in(page, "member")
    page.goto(f"/portal/activities/?year={activity.date.year}")
    page.click(f"#activity-{activity.pk} >> text=请假")
    page.fill("#id_reason", "赴省参加培训")
    page.click("button:has-text('提交请假申请')")
    page.wait_for_load_state("networkidle")
    assert "请假申请已提交" in page.inner_text("main")
    assert activity.attendances.get().status == Attendance.Status.LEAVE_REQUESTED
    assert_clean(page)


def test_the_score_page_adds_up(page, member_login, busy_year):  # noqa: F811
    log_in(page, "member")
    page.select_option("#year", "2024")
    page.click(".year-picker button")
    page.wait_for_load_state("networkidle")
    cells = page.locator("#score-items tbody td.num").all_inner_texts()
    total = Decimal(page.inner_text("#score-total"))
    assert len(cells) > 10 and sum(Decimal(c) for c in cells) == total == Decimal(137)
    assert re.search(r"优秀", page.inner_text("#score-grade"))
    assert_clean(page)
