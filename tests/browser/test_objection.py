"""An objection end to end in headless Chromium: the unit objects in the portal, suggesting another
unit; the clerk reassigns on the proposal's page (处理异议：改办); the new unit finds the proposal in
its portal with a deadline that restarts from the reassignment. No console errors, nothing leaves
the machine."""

import pytest
from django.urls import reverse
from django.utils import timezone

from proposals import services
from proposals.models import Assignment
from tests.browser.conftest import log_in
from tests.proposals.factories import CategoryFactory, ProposalFactory


@pytest.fixture
def assigned(city, city_session, member, member_login, city_clerk, unit, unit_contact):
    proposal = ProposalFactory(
        session=city_session,
        proposer=member,
        category=CategoryFactory(committee=city),
        title="关于土地收储的建议",
    )
    services.proposal_submit(proposal=proposal, actor=member_login)
    services.proposal_register(proposal=proposal, actor=city_clerk)
    return services.proposal_assign(proposal=proposal, actor=city_clerk, units=[(unit, Assignment.Role.LEAD)])


def test_object_reassign_and_the_new_unit_sees_it(page, assigned, co_unit, co_contact):
    log_in(page, "unit")
    page.goto(f"/portal/proposals/{assigned.pk}/")
    assert "前提出异议" in page.inner_text("#objection")
    page.fill("#objection-form textarea[name=reason]", "本提案所提事项属规划部门职责。")
    page.select_option("#objection-form select[name=suggested_unit]", label="市自然资源和规划局")
    page.click("#objection-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "等待提案委（提案办）处理" in page.inner_text("#objection")

    page.context.clear_cookies()
    log_in(page, "clerk")
    page.goto(reverse("admin:proposals_proposal_change", args=[assigned.pk]))
    assert "本提案所提事项属规划部门职责。" in page.inner_text("#desk-objections")
    page.click("#desk-reassign select[name=lead_unit] + .select2")
    page.fill(".select2-container--open .select2-search__field", "自然资源")
    page.wait_for_selector(".select2-results__option.loading-results", state="detached")
    page.locator(
        ".select2-container--open li.select2-results__option", has_text="市自然资源和规划局"
    ).last.click()
    page.click("#desk-reassign button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "已改办，答复期限为" in page.inner_text(".messagelist")

    page.context.clear_cookies()
    log_in(page, "co_unit")
    page.goto(f"/portal/proposals/{assigned.pk}/")
    today = timezone.localdate().isoformat()
    assert f"交办于{today}" in page.inner_text("#assignments-heading + .table-wrap")
    assert assigned.assignments.get().assigned_on.isoformat() == today
    assert page.console_errors == [] and page.external_requests == []
