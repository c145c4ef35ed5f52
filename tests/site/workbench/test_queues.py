"""The secretariat's queues on the admin's home (cppcc/site/workbench): each counts the rows of its
filtered changelist the clerk may read, and links to it; the home page answers in a fixed number of
queries; no one else gets queues."""

import datetime

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cppcc.site.workbench.selectors import secretariat_queues
from opinions import services as opinion_services
from opinions.models import Adoption, Body, OpinionReport
from platforms import services as platform_services
from platforms.models import Activity
from proposals import services as proposal_services
from proposals.models import Assignment, HandlingRules, Proposal, ReplyReview

PROPOSALS = "/admin/proposals/proposal/"
REPORTS = "/admin/opinions/opinionreport/"
ACTIVITIES = "/admin/platforms/activity/"


def counts(user, today=None) -> dict[str, tuple[int, str]]:
    return {
        f"{section.title}/{queue.label}": (queue.count, queue.url)
        for section in secretariat_queues(user, today)
        for queue in section.queues
    }


def test_the_clerks_queues_count_what_waits_and_link_to_it(world, city_clerk):
    member = world.members["member"]
    today = timezone.localdate()
    opinion_services.adoption_record(
        report=world.accepted_report,
        actor=city_clerk,
        body=Body.CITY_GOVERNMENT,
        action=Adoption.Action.ADOPTED,
        date=today,
    )
    platform_services.attendance_request_leave(
        activity=world.activity, member=member, reason="出差", actor=member.user
    )

    assert counts(city_clerk) == {
        "提案/待审查": (1, f"{PROPOSALS}?state__exact=submitted"),
        "提案/待交办": (1, f"{PROPOSALS}?state__exact=registered"),
        "提案/办理中": (1, f"{PROPOSALS}?state__exact=assigned"),
        "提案/即将到期": (0, f"{PROPOSALS}?due=soon"),
        "提案/已超期": (0, f"{PROPOSALS}?overdue=yes"),
        "提案/待审核答复": (0, f"{PROPOSALS}?review=pending"),
        "提案/待评价": (1, f"{PROPOSALS}?state__exact=replied"),
        "提案/再办理": (0, f"{PROPOSALS}?state__exact=rehandling"),
        # the city's and the county's below it, as the city's list shows them
        "社情民意信息/待审核": (2, f"{REPORTS}?state__exact=submitted"),
        "社情民意信息/待编辑入期": (1, f"{REPORTS}?state__exact=accepted"),
        "社情民意信息/本月已采用": (1, f"{REPORTS}?adopted=month"),
        "履职活动/未来一周的活动": (0, f"{ACTIVITIES}?when=week"),
        "履职活动/待审批请假": (1, f"{ACTIVITIES}?leave=pending"),
    }


def test_due_soon_and_overdue_follow_the_reply_due_date(world, city_clerk):
    due_on = Assignment.objects.get(proposal=world.proposal).due_on
    for today, soon, late in [
        (due_on - datetime.timedelta(days=15), 0, 0),
        (due_on - datetime.timedelta(days=14), 1, 0),
        (due_on, 1, 0),
        (due_on + datetime.timedelta(days=1), 0, 1),
    ]:
        found = counts(city_clerk, today)
        assert (found["提案/即将到期"][0], found["提案/已超期"][0]) == (soon, late), today


def test_the_coming_week_and_this_month(world, city_clerk):
    activity_day = world.activity.date
    assert counts(city_clerk, activity_day - datetime.timedelta(days=6))["履职活动/未来一周的活动"][0] == 1
    assert counts(city_clerk, activity_day - datetime.timedelta(days=7))["履职活动/未来一周的活动"][0] == 0
    opinion_services.adoption_record(
        report=world.accepted_report,
        actor=city_clerk,
        body=Body.CITY_GOVERNMENT,
        action=Adoption.Action.ADOPTED,
        date=datetime.date(2024, 3, 31),
    )
    assert counts(city_clerk, datetime.date(2024, 3, 1))["社情民意信息/本月已采用"][0] == 1
    assert counts(city_clerk, datetime.date(2024, 4, 1))["社情民意信息/本月已采用"][0] == 0


def test_each_queue_is_its_changelist(client, world, city_clerk):
    """A queue whose filter its changelist offers counts what the filtered list shows."""
    client.force_login(city_clerk)
    checked = 0
    for section in secretariat_queues(city_clerk):
        for queue in section.queues:
            path, query = queue.url.split("?")
            model = {PROPOSALS: Proposal, REPORTS: OpinionReport, ACTIVITIES: Activity}[path]
            parameter = query.split("=")[0]
            offered = {"state__exact"} | {
                getattr(f, "parameter_name", None) for f in admin.site._registry[model].list_filter
            }
            if parameter not in offered:
                continue
            response = client.get(queue.url)
            assert response.status_code == 200, queue.url
            assert response.context["cl"].result_count == queue.count, queue.url
            checked += 1
    assert checked >= 8


def test_the_home_page_shows_the_queues_in_a_fixed_number_of_queries(client, world, city_clerk):
    client.force_login(city_clerk)
    client.get("/admin/")  # the session and the content types, read once
    with CaptureQueriesContext(connection) as first:
        page = client.get("/admin/").content.decode()
    assert 'id="workbench"' in page and "待审查" in page and "?state__exact=submitted" in page
    member = world.users["member"]
    for title in ("关于居家养老的建议", "关于公共停车的建议", "关于菜市场改造的建议"):
        proposal = proposal_services.proposal_create(
            actor=member,
            committee=world.city,
            session=world.submitted.session,
            title=title,
            content="情况与建议。",
            category=world.submitted.category,
            kind="individual",
            cosigners=[],
        )
        proposal_services.proposal_submit(proposal=proposal, actor=member)
    with CaptureQueriesContext(connection) as second:
        page = client.get("/admin/").content.decode()
    assert len(second) == len(first), [q["sql"] for q in second]
    assert len(first) <= 12


@pytest.mark.parametrize("persona", ["leader", "unit_contact", "member_login"])
def test_no_one_else_gets_queues(client, world, persona, request):
    user = request.getfixturevalue(persona)
    assert secretariat_queues(user) == []
    client.force_login(user)
    assert client.get("/admin/").status_code == 302  # to the admin's sign-in, as before


def test_a_reply_under_review_is_queued(world, city_clerk):
    HandlingRules.objects.create(committee=world.city, reply_review=ReplyReview.ALL)
    proposal_services.proposal_reply(
        proposal=world.proposal, actor=world.users["unit"], category="A", content="已采纳。"
    )
    assert counts(city_clerk)["提案/待审核答复"] == (1, f"{PROPOSALS}?review=pending")
