"""A member writes a speech for the coming plenary on a phone (390 px wide), saves it as a draft,
then submits it, in headless Chromium; the list shows its state in Chinese. No console errors, no
request leaves the machine, nothing wider than the screen."""

import datetime

from django.utils import timezone

from speeches.models import Speech
from tests.browser.conftest import log_in
from tests.platforms.factories import ActivityFactory


def test_a_member_writes_and_submits_a_speech_on_a_phone(page, city, member_login):
    ActivityFactory(
        committee=city,
        kind="plenary",
        title="聊城市政协全体会议",
        date=timezone.localdate() + datetime.timedelta(days=20),
    )
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "member")
    page.goto("/portal/speeches/")
    page.click("text=撰写大会发言")
    page.select_option("#id_activity", index=1)
    page.fill("#id_title", "做强做优农产品区域公用品牌")
    page.fill("#id_content", "尊敬的各位委员：\n建议整合全市农产品品牌资源。")
    page.set_input_files(
        "#id_attachments",
        files=[{"name": "数据.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 x"}],
    )
    page.click("button:has-text('保存草稿')")
    page.wait_for_load_state("networkidle")
    assert "草稿已保存" in page.inner_text("main")
    assert page.inner_text("#speech-state") == "草稿"
    assert "数据.pdf" in page.inner_text("main")
    page.screenshot(path="/work/helpers/shots/speeches-portal-draft.png", full_page=True)

    page.click("button:has-text('提交发言')")
    page.wait_for_load_state("networkidle")
    assert "发言已提交" in page.inner_text("main")
    speech = Speech.objects.get(title="做强做优农产品区域公用品牌")
    assert speech.state == "submitted" and speech.author_id == member_login.member.pk
    page.goto("/portal/speeches/")
    assert "已提交" in page.inner_text("main table")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path="/work/helpers/shots/speeches-portal-list.png", full_page=True)
    assert page.console_errors == [] and page.external_requests == []
