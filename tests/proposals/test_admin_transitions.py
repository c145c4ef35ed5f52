"""Each transition form of a proposal's page calls its service and comes back to the page with what
was done, or with the refusal in Chinese, having changed nothing."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from opinions.models import OpinionReport
from proposals import services
from proposals.models import Assignment, Proposal, ProposalTimelineEntry, State
from tests.factories import HandlingUnitFactory, on, session_of

from .factories import ProposalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(client, city_clerk):
    client.force_login(city_clerk)
    return client


def act(client, proposal, transition: str, data: dict | None = None) -> list[str]:
    """Post a transition's form; the page it comes back to, and the messages it shows."""
    response = client.post(reverse(f"admin:proposals_proposal_{transition}", args=[proposal.pk]), data or {})
    assert response.status_code == 302
    assert response.url == reverse("admin:proposals_proposal_change", args=[proposal.pk])
    return [str(m) for m in get_messages(response.wsgi_request)]


def state_of(proposal) -> str:
    return Proposal.objects.get(pk=proposal.pk).state


def entries(proposal) -> int:
    return ProposalTimelineEntry.objects.filter(proposal=proposal).count()


def test_register(clerk, submitted):
    assert act(clerk, submitted, "register") == ["已立案，案号为十四届三次会议第0001号。"]
    assert state_of(submitted) == State.REGISTERED


def test_register_twice_is_refused(clerk, registered):
    before = entries(registered)
    assert act(clerk, registered, "register") == ["立案：当前状态为“已立案”，不能立案。"]
    assert Proposal.objects.get(pk=registered.pk).number == 1 and entries(registered) == before


def test_reject_with_a_reason(clerk, submitted):
    assert act(clerk, submitted, "reject", {"reason": "empty", "note": "缺少具体建议"}) == [
        "已不予立案：内容空泛。"
    ]
    submitted.refresh_from_db()
    assert submitted.state == State.NOT_REGISTERED
    assert (submitted.rejection_reason, submitted.rejection_note) == ("empty", "缺少具体建议")


def test_reject_and_convert_into_an_opinion_report(clerk, submitted):
    act(clerk, submitted, "reject", {"reason": "out_of_scope", "convert": "on"})
    submitted.refresh_from_db()
    assert submitted.converted_opinion == OpinionReport.objects.get(title=submitted.title)


def test_reject_without_a_reason_is_refused(clerk, submitted):
    assert act(clerk, submitted, "reject", {"note": "缺少具体建议"}) == [
        "不予立案：不予立案理由：该字段为必填项。"
    ]
    assert state_of(submitted) == State.SUBMITTED


def test_return_for_editing(clerk, submitted):
    assert act(clerk, submitted, "return", {"note": "请补充具体建议"}) == ["已退回提案人修改。"]
    assert state_of(submitted) == State.DRAFT
    assert ProposalTimelineEntry.objects.filter(proposal=submitted).last().note == "请补充具体建议"


def test_return_without_a_reason_is_refused(clerk, submitted):
    assert act(clerk, submitted, "return", {"note": " "}) == ["退回修改：请说明退回理由。"]
    assert state_of(submitted) == State.SUBMITTED


def test_merge_into_a_registered_proposal(clerk, submitted, city_session, category, member):
    target = ProposalFactory(
        session=city_session, proposer=member, category=category, number=7, state="registered"
    )
    assert act(clerk, submitted, "merge", {"into": target.pk}) == [
        "已并入十四届三次会议第0007号 " + target.title + "。"
    ]
    submitted.refresh_from_db()
    assert submitted.state == State.MERGED and submitted.merged_into == target


def test_merge_into_a_proposal_not_registered_is_refused(clerk, submitted, city_session, category, member):
    other = ProposalFactory(session=city_session, proposer=member, category=category, state="submitted")
    messages = act(clerk, submitted, "merge", {"into": other.pk})
    assert messages == ["并案：并入提案：选择一个有效的选项： 该选择不在可用的选项中。"]
    assert state_of(submitted) == State.SUBMITTED


def test_assign_a_lead_unit_with_co_units(clerk, registered, unit, co_unit):
    due = timezone.localdate() + datetime.timedelta(days=60)
    messages = act(
        clerk, registered, "assign", {"lead_unit": unit.pk, "co_units": [co_unit.pk], "due_on": due}
    )
    assert messages == [f"已交办，答复期限为{due.isoformat()}。"]
    assert state_of(registered) == State.ASSIGNED
    assert set(
        Assignment.objects.filter(proposal=registered).values_list("unit__name", "role", "due_on")
    ) == {
        ("市住房城乡建设局", "lead", due),
        ("市自然资源和规划局", "co", due),
    }


def test_assign_separately(clerk, registered, unit, co_unit):
    due = timezone.localdate() + datetime.timedelta(days=30)
    act(clerk, registered, "assign", {"separate_units": [unit.pk, co_unit.pk], "due_on": due})
    assert set(Assignment.objects.filter(proposal=registered).values_list("role", flat=True)) == {"separate"}


def test_assign_co_units_without_a_lead_is_refused(clerk, registered, unit, co_unit):
    due = timezone.localdate() + datetime.timedelta(days=30)
    messages = act(clerk, registered, "assign", {"co_units": [unit.pk, co_unit.pk], "due_on": due})
    assert messages == ["交办：除各单位分别办理外，须且只能有一个主办单位。"]
    assert (
        state_of(registered) == State.REGISTERED
        and not Assignment.objects.filter(proposal=registered).exists()
    )


def test_assign_past_six_months_is_refused(clerk, registered, unit):
    due = timezone.localdate() + datetime.timedelta(days=200)
    messages = act(clerk, registered, "assign", {"lead_unit": unit.pk, "due_on": due})
    latest = services.add_months(timezone.localdate(), services.MAX_DUE_MONTHS)
    assert messages == [f"交办：答复期限最长六个月，不能晚于 {latest.isoformat()}。"]
    assert not Assignment.objects.filter(proposal=registered).exists()


def test_assign_to_a_unit_of_another_committee_is_refused(clerk, registered, county):
    county_unit = HandlingUnitFactory(committee=county, name="东昌府区住建局")
    due = timezone.localdate() + datetime.timedelta(days=30)
    messages = act(clerk, registered, "assign", {"lead_unit": county_unit.pk, "due_on": due})
    assert messages == ["交办：主办单位：选择一个有效的选项： 该选择不在可用的选项中。"]
    assert state_of(registered) == State.REGISTERED


def test_extend_the_due_date(clerk, assigned, unit):
    due = Assignment.objects.get(proposal=assigned).due_on + datetime.timedelta(days=20)
    assert act(clerk, assigned, "extend", {"due_on": due, "reason": "需要跨部门协调"}) == [
        f"已延期，答复期限为{due.isoformat()}。"
    ]
    assignment = Assignment.objects.get(proposal=assigned)
    assert (assignment.due_on, assignment.extension_reason) == (due, "需要跨部门协调")


def test_extend_to_an_earlier_date_is_refused(clerk, assigned):
    due = Assignment.objects.get(proposal=assigned).due_on
    messages = act(clerk, assigned, "extend", {"due_on": due - datetime.timedelta(days=1), "reason": "提前"})
    assert messages == ["延期：延期后的期限须晚于原期限。"]
    assert Assignment.objects.get(proposal=assigned).due_on == due


def test_close_a_replied_proposal(clerk, replied):
    assert act(clerk, replied, "close", {"note": "委员逾期未评价"}) == ["已办结。"]
    assert state_of(replied) == State.CLOSED


def test_close_before_the_reply_is_refused(clerk, assigned):
    assert act(clerk, assigned, "close") == ["办结（委员未评价）：当前状态为“已交办”，不能办结。"]
    assert state_of(assigned) == State.ASSIGNED


def test_a_clerk_may_not_act_on_a_proposal_of_a_committee_below(clerk, county, county_member):
    with on(datetime.date(2024, 1, 10)):
        county_proposal = ProposalFactory(
            session=session_of(county), proposer=county_member, state="submitted"
        )
    assert act(clerk, county_proposal, "register") == ["立案：您无权执行此操作。"]
    assert state_of(county_proposal) == State.SUBMITTED


def test_a_transition_is_posted_not_fetched(clerk, submitted):
    assert clerk.get(reverse("admin:proposals_proposal_register", args=[submitted.pk])).status_code == 405
    assert state_of(submitted) == State.SUBMITTED
