"""The secretariat in headless Chromium types in a paper joint proposal for a member with one
co-signer, picking both through the searchable pickers, and finds it in the list as submitted
with the timeline entry saying who typed it in for whom. No console errors, nothing leaves the
machine."""

import pytest

from proposals.models import Cosignature, Proposal, State
from tests.browser.conftest import log_in
from tests.proposals.factories import CategoryFactory

SHOTS = "/work/helpers/shots"


@pytest.fixture
def category(city):
    return CategoryFactory(committee=city, name="城乡建设")


def pick(page, field: str, typed: str, choice: str) -> None:
    """Search a member picker (select2) and choose a result."""
    page.click(f"#id_{field} + .select2-container .select2-selection")
    search = page.locator(".select2-container--open .select2-search__field")
    search.fill(typed)
    page.locator(".select2-results__option", has_text=choice).click()


def test_the_clerk_types_in_a_paper_joint_proposal(
    page, city_clerk, city_session, category, member, member2, member3
):
    log_in(page, "clerk")
    page.goto("/admin/proposals/proposal/")
    page.click(".object-tools a.addlink")
    page.wait_for_load_state("networkidle")
    assert "录入纸质提案" in page.inner_text("#content")
    page.select_option("#id_kind", value="joint")
    pick(page, "proposer", "李明", "李明远")
    pick(page, "cosigners", "王", "王晓梅")
    page.fill("#id_title", "关于加快老旧小区加装电梯的建议")
    page.fill("#id_content", "老旧小区老年居民多，上下楼难，建议统筹资金加快加装电梯。")
    page.select_option("#id_category", label="城乡建设")
    page.screenshot(path=f"{SHOTS}/filing-add.png", full_page=True)
    page.click("input[name=_save]")
    page.wait_for_load_state("networkidle")

    proposal = Proposal.objects.get(title="关于加快老旧小区加装电梯的建议")
    assert proposal.state == State.SUBMITTED and proposal.number is None and proposal.proposer == member
    assert [(c.member, c.status) for c in proposal.cosignatures.all()] == [
        (member2, Cosignature.Status.ACCEPTED)
    ]
    row = page.locator("#result_list tr", has_text="关于加快老旧小区加装电梯的建议")
    assert "已提交" in row.inner_text()
    page.screenshot(path=f"{SHOTS}/filing-list.png", full_page=True)

    row.locator("a").first.click()
    page.wait_for_load_state("networkidle")
    assert "由 市政协工作人员 代 李明远、王晓梅 录入（纸质提案）" in page.inner_text("#content")
    page.screenshot(path=f"{SHOTS}/filing-timeline.png", full_page=True)
    assert page.console_errors == [] and page.external_requests == []
