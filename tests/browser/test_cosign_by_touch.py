"""The co-sign journey on a phone, by touch: the member finds 王晓梅 by typing part of her
workplace and taps her (no tick for 联名提案, no Ctrl); the draft waits for her answer and offers no
submit; she accepts (after the confirmation), the member is told and sees it on the timeline, and
submits (after the confirmation)."""

import pytest

from cppcc.org.models import Notification
from proposals.models import Kind, Proposal, State
from tests.browser.conftest import log_in, open_tab
from tests.factories import MemberFactory
from tests.proposals.factories import CategoryFactory


@pytest.fixture
def phone(chromium, live_server):
    tab = open_tab(chromium, live_server.url, (390, 844), has_touch=True, is_mobile=True)
    yield tab
    tab.context.close()


def test_a_member_chooses_a_co_signer_by_touch_and_submits_once_she_accepts(
    phone, city_session, member_login, member2_login
):
    CategoryFactory(committee=city_session.committee, name="城乡建设")
    for n in range(30):
        MemberFactory(committee=city_session.committee, name=f"王{n:02d}", workplace="市直机关")
    member2 = member2_login.member
    member2.workplace = "聊城市人民医院 主任医师"
    member2.save()

    log_in(phone, "member")
    phone.goto("/portal/proposals/new/")
    phone.fill("#id_title", "关于城区停车难的建议")
    phone.fill("#id_content", "老城区停车位缺口大，建议建设立体停车场。")
    phone.select_option("#id_category", label="城乡建设")
    phone.tap("#id_cosigners")
    phone.locator("#id_cosigners").press_sequentially("人民医院")
    choice = phone.locator(".member-search .results button", has_text="王晓梅")
    choice.wait_for()
    choice.tap()
    assert phone.locator(".member-search .chosen input:checked").count() == 1
    with phone.expect_navigation():
        phone.tap("button:has-text('保存草稿')")
    proposal = Proposal.objects.get(title="关于城区停车难的建议")
    assert proposal.kind == Kind.JOINT and proposal.cosignatures.get().member == member2
    assert "待联名人确认" in phone.inner_text("main")
    assert phone.locator("button:has-text('提交提案')").count() == 0

    phone.context.clear_cookies()
    log_in(phone, "member2")
    phone.goto("/portal/proposals/")
    with phone.expect_navigation():
        phone.tap(".invitation button:has-text('同意附议')")
    assert "您已同意附议此提案" in phone.inner_text("main")
    assert phone.dialogs[-1] == "确定同意附议此提案吗？答复后不能更改。"

    phone.context.clear_cookies()
    log_in(phone, "member")
    assert Notification.objects.filter(user=member_login, message__contains="王晓梅同意联名").exists()
    phone.goto(f"/portal/proposals/{proposal.pk}/")
    assert "王晓梅同意联名。" in phone.inner_text("main")
    with phone.expect_navigation():
        phone.tap("button:has-text('提交提案')")
    assert phone.dialogs[-1].startswith("确定向提案委员会提交此提案吗")
    proposal.refresh_from_db()
    assert proposal.state == State.SUBMITTED
    assert phone.console_errors == [] and phone.external_requests == []
