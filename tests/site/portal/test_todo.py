"""The member's home page is a to-do list and a calendar: invitations to answer, replies to rate,
drafts returned for editing and coming activities to answer, each counted with one tap to act; the
next activities with the leave request at hand; the points so far; at a fixed number of queries."""

import datetime
import re

import pytest
from django.utils import timezone

from platforms.models import Activity, Attendance
from proposals import services
from proposals.models import Kind
from tests.platforms.factories import ActivityFactory, AttendanceFactory
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db


def count(page: str, item: str) -> int:
    return int(re.search(rf'id="todo-{item}".*?<span class="count">(\d+)</span>', page, re.S).group(1))


@pytest.fixture
def busy(member_login, member2_login, city_session, category, city_clerk, replied):
    member = member_login.member
    services.proposal_create(
        actor=member2_login,
        committee=city_session.committee,
        session=city_session,
        title="关于加强校园周边交通管理的建议",
        content="上下学高峰拥堵。",
        category=category,
        kind=Kind.JOINT,
        cosigners=[member.pk],
    )
    returned = ProposalFactory(
        session=city_session, proposer=member, category=category, title="关于规范夜市经营的建议"
    )
    services.proposal_submit(proposal=returned, actor=member_login)
    services.proposal_return(proposal=returned, actor=city_clerk, reason="请补充具体措施。")
    soon = ActivityFactory(
        committee=member.committee,
        kind=Activity.Kind.STANDING_COMMITTEE,
        title="常委会第十次会议",
        date=timezone.localdate() + datetime.timedelta(days=3),
    )
    AttendanceFactory(activity=soon, member=member, status=Attendance.Status.INVITED)
    return {"returned": returned, "replied": replied, "soon": soon}


def test_every_task_is_counted_and_one_tap_away(client, member_login, busy):
    client.force_login(member_login)
    page = client.get("/portal/").content.decode()
    assert {item: count(page, item) for item in ("invitations", "replies", "returned", "meetings")} == {
        "invitations": 1,
        "replies": 1,
        "returned": 1,
        "meetings": 1,
    }
    assert f'href="/portal/proposals/{busy["replied"].pk}/#rate-heading" id="todo-replies"' in page
    assert f'href="/portal/proposals/{busy["returned"].pk}/" id="todo-returned"' in page
    assert f'href="/portal/activities/{busy["soon"].pk}/" id="todo-meetings"' in page
    soon = busy["soon"].pk
    assert f'id="upcoming-{soon}"' in page and f"/portal/activities/{soon}/leave/" in page
    assert 'id="score-so-far"' in page


def test_a_quiet_member_sees_zeros_and_no_activities(client, member_login):
    client.force_login(member_login)
    page = client.get("/portal/").content.decode()
    assert count(page, "invitations") == count(page, "meetings") == 0
    assert "近期没有活动。" in page


def test_the_home_page_opens_on_the_current_year_unless_the_deployment_sets_one(
    client, member_login, settings
):
    client.force_login(member_login)
    settings.CPPCC_DEFAULT_YEAR = 0
    assert f'<option value="{timezone.localdate().year}" selected>' in client.get("/portal/").content.decode()
    settings.CPPCC_DEFAULT_YEAR = 2024
    assert '<option value="2024" selected>' in client.get("/portal/").content.decode()


def test_the_to_do_list_costs_the_same_however_much_waits(queries_of, member_login, busy, member2_login):
    busy_count = queries_of(member_login, "/portal/")
    quiet_count = queries_of(member2_login, "/portal/")
    assert busy_count == quiet_count
