"""Every transition of a report, allowed and refused, with its timeline entry and notifications."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cppcc.core.workflow import InvalidTransition
from cppcc.org.models import Notification
from opinions import services
from opinions.models import OpinionReport

from .factories import IssueFactory

pytestmark = pytest.mark.django_db
State = OpinionReport.State


def test_a_member_writes_and_submits_their_own_report(city, member, member_login):
    report = services.report_create(committee=city, title="关于城区停车难的建议", actor=member_login)
    assert report.state == State.DRAFT
    assert [link.member for link in report.author_links.all()] == [member]
    report = services.report_submit(report=report, actor=member_login)
    assert report.state == State.SUBMITTED and report.submitted_at is not None
    assert list(report.timeline.values_list("action", "from_state", "to_state")) == [
        ("create", "", "draft"),
        ("submit", "draft", "submitted"),
    ]


def test_a_member_cannot_write_for_others_or_other_committees(
    city, county, member2, member_login, other_city
):
    with pytest.raises(PermissionDenied):
        services.report_create(committee=city, title="代写", authors=[member2], actor=member_login)
    with pytest.raises(PermissionDenied):
        services.report_create(committee=other_city, title="外市", actor=member_login)


def test_authors_must_belong_to_the_committee(city, county, city_clerk):
    from tests.factories import MemberFactory

    outsider = MemberFactory(committee=county)
    with pytest.raises(ValidationError):
        services.report_create(committee=city, title="题目", authors=[outsider], actor=city_clerk)
    with pytest.raises(ValidationError):
        services.report_create(committee=city, title="题目", authors=[], actor=city_clerk)


@pytest.mark.parametrize(
    ("start", "action", "allowed"),
    [
        ("draft", "submit", True),
        ("submitted", "submit", False),
        ("submitted", "accept", True),
        ("draft", "accept", False),
        ("accepted", "accept", False),
        ("submitted", "decline", True),
        ("accepted", "decline", False),
        ("submitted", "return", True),
        ("accepted", "return", False),
        ("accepted", "publish", True),
        ("submitted", "publish", False),
        ("declined", "publish", False),
    ],
)
def test_transitions_by_state(make_report, city, city_clerk, start, action, allowed):
    report = make_report(state=start)
    call = {
        "submit": lambda: services.report_submit(report=report, actor=city_clerk),
        "accept": lambda: services.report_accept(report=report, actor=city_clerk),
        "decline": lambda: services.report_decline(report=report, actor=city_clerk, reason="不属政协职能"),
        "return": lambda: services.report_return(report=report, actor=city_clerk, reason="请补充数据"),
        "publish": lambda: services.report_publish(
            report=report, issue=IssueFactory(committee=city), actor=city_clerk
        ),
    }[action]
    if allowed:
        assert call().timeline.last().action == action
    else:
        with pytest.raises(InvalidTransition):
            call()


@pytest.mark.parametrize("action", ["accept", "decline", "return", "publish"])
def test_only_the_committees_secretariat_reviews(
    make_report, city, leader, member_login, county_clerk, action
):
    report = make_report(state="accepted" if action == "publish" else "submitted")
    for user in (leader, member_login, county_clerk):
        with pytest.raises(PermissionDenied):
            if action == "publish":
                services.report_publish(report=report, issue=IssueFactory(committee=city), actor=user)
            elif action == "accept":
                services.report_accept(report=report, actor=user)
            else:
                getattr(services, f"report_{action}")(report=report, actor=user, reason="理由")


def test_reasons_are_required_and_kept(make_report, city_clerk):
    report = make_report(state="submitted")
    with pytest.raises(ValidationError):
        services.report_decline(report=report, actor=city_clerk, reason="  ")
    report = services.report_return(report=report, actor=city_clerk, reason="请补充数据")
    assert report.state == State.DRAFT and report.reason == "请补充数据"


def test_publishing_numbers_reports_in_the_issue_and_refuses_other_committees(
    make_report, city, county, city_clerk
):
    issue = IssueFactory(committee=city)
    first = services.report_publish(report=make_report(state="accepted"), issue=issue, actor=city_clerk)
    second = services.report_publish(report=make_report(state="accepted"), issue=issue, actor=city_clerk)
    assert (first.issue_order, second.issue_order) == (1, 2)
    with pytest.raises(ValidationError):
        services.report_publish(
            report=make_report(state="accepted"), issue=IssueFactory(committee=county), actor=city_clerk
        )


def test_authors_are_told_of_each_decision(make_report, city, city_clerk, member_login):
    report = make_report(state="submitted")
    services.report_accept(report=report, actor=city_clerk)
    services.report_publish(report=report, issue=IssueFactory(committee=city), actor=city_clerk)
    services.adoption_record(
        report=report, actor=city_clerk, body="province_cppcc", action="adopted", date="2024-05-01"
    )
    messages = list(
        Notification.objects.filter(user=member_login).order_by("id").values_list("message", flat=True)
    )
    assert len(messages) == 3 and all(report.title in m for m in messages)


def test_only_drafts_are_edited_and_by_their_authors(make_report, member_login, member2_login, city_clerk):
    report = make_report(state="draft")
    services.report_update(report=report, actor=member_login, title="新标题")
    with pytest.raises(PermissionDenied):
        services.report_update(report=report, actor=member2_login, title="他人修改")
    with pytest.raises(ValidationError):
        services.report_update(report=report, actor=member_login, authors=[])
    submitted = make_report(state="submitted")
    with pytest.raises(InvalidTransition):
        services.report_update(report=submitted, actor=city_clerk, title="改")
