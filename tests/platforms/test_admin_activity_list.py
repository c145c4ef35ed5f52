"""The admin's list of activities: a fixed number of queries whatever the page size, search by
number, title, topic or venue, filters scoped to the user's committees, and the filters the admin
home's queues link to: the coming week's activities and those with leave requests to decide."""

import datetime

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from platforms.models import Activity

from .factories import ActivityFactory, AttendanceFactory, RoomFactory, SectorGroupFactory

pytestmark = pytest.mark.django_db

LIST = "/admin/platforms/activity/"


@pytest.fixture
def clerk(client, city_clerk):
    client.force_login(city_clerk)
    return client


def shown(response) -> set[str]:
    assert response.status_code == 200
    return {activity.title for activity in response.context["cl"].result_list}


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_list_costs_the_same_whatever_the_page_size(clerk, city, monkeypatch):
    room, group = RoomFactory(committee=city), SectorGroupFactory(committee=city)
    for i in range(12):
        activity = ActivityFactory(
            committee=city, room=room if i % 3 == 0 else None, sector_group=group if i % 3 == 1 else None
        )
        AttendanceFactory(activity=activity, status="leave_requested")
    model_admin = admin.site._registry[Activity]
    queries(clerk, LIST)  # warm the per-request caches
    monkeypatch.setattr(model_admin, "list_per_page", 2)
    two = queries(clerk, LIST)
    monkeypatch.setattr(model_admin, "list_per_page", 100)
    assert queries(clerk, LIST) == two <= 25


def test_the_coming_week(clerk, city, county):
    today = timezone.localdate()
    for title, days in (("今天", 0), ("六天后", 6), ("七天后", 7), ("昨天", -1)):
        ActivityFactory(committee=city, title=title, date=today + datetime.timedelta(days=days))
    ActivityFactory(committee=county, title="区里三天后", date=today + datetime.timedelta(days=3))
    assert shown(clerk.get(f"{LIST}?when=week")) == {"今天", "六天后", "区里三天后"}


def test_leave_requests_awaiting_a_decision(clerk, city):
    waiting = ActivityFactory(committee=city, title="有待批请假")
    AttendanceFactory(activity=waiting, status="leave_requested")
    AttendanceFactory(activity=waiting, status="present")
    decided = ActivityFactory(committee=city, title="请假已批")
    AttendanceFactory(activity=decided, status="leave_approved")
    assert shown(clerk.get(f"{LIST}?leave=pending")) == {"有待批请假"}
    assert shown(clerk.get(f"{LIST}?leave=pending&when=week")) == set()


def test_search_by_number_title_and_venue(clerk, city):
    first = ActivityFactory(committee=city, title="冬季安全生产视察", venue="市应急管理局")
    ActivityFactory(committee=city, title="界别协商")
    assert shown(clerk.get(f"{LIST}?q={first.pk}")) == {"冬季安全生产视察"}
    assert shown(clerk.get(f"{LIST}?q=应急")) == {"冬季安全生产视察"}


def test_a_county_clerk_lists_only_its_own(client, county_clerk, city, county):
    ActivityFactory(committee=city, title="市里的")
    ActivityFactory(committee=county, title="区里的", room=RoomFactory(committee=county))
    client.force_login(county_clerk)
    response = client.get(LIST)
    assert shown(response) == {"区里的"}
    cl = response.context["cl"]
    rooms = [spec for spec in cl.filter_specs if getattr(spec, "field_path", "") == "room"]
    assert all(choice["display"] != "市里的" for spec in rooms for choice in spec.choices(cl))
