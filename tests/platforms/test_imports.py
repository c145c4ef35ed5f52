"""Excel imports of activities into one committee: all or nothing with row errors; meetings imported
invite their members like any other way of creating them."""

import pytest
import tablib

from platforms.models import Activity, Attendance
from platforms.resources import ActivityResource
from tests.factories import MemberFactory

from .factories import RoomFactory

pytestmark = pytest.mark.django_db

HEADERS = ["编号", "类型", "名称", "日期", "议事室", "协商计划任务", "已完成", "解决问题"]


def run(committee, *rows, dry_run=False):
    dataset = tablib.Dataset(*rows, headers=HEADERS)
    return ActivityResource(committee=committee).import_data(dataset, dry_run=dry_run, use_transactions=True)


def test_rows_are_imported_into_the_committee_and_meetings_invite(city, city_term):
    RoomFactory(committee=city, name="古楼街道民生议事室")
    members = MemberFactory.create_batch(3, committee=city, term=city_term)
    result = run(
        city,
        ["", "议事室协商议事", "加装电梯协商", "2024-05-06", "古楼街道民生议事室", "否", "否", 3],
        ["", "全体会议", "全体会议", "2025-01-08", "", "否", "否", 0],
    )
    assert not result.has_errors() and not result.has_validation_errors()
    room_activity = Activity.objects.get(kind="room_deliberation")
    assert (room_activity.committee, room_activity.room.name, room_activity.problems_solved) == (
        city,
        "古楼街道民生议事室",
        3,
    )
    plenary = Activity.objects.get(kind="plenary")
    assert set(Attendance.objects.filter(activity=plenary).values_list("member_id", flat=True)) == {
        m.pk for m in members
    }


def test_the_preview_shows_each_bad_row_and_saves_nothing(city, county):
    RoomFactory(committee=county, name="县里的议事室")
    result = run(
        city,
        ["", "视察调研", "视察", "2024-05-06", "", "否", "否", 0],
        ["", "喝茶", "喝茶", "2024-05-06", "", "否", "否", 0],
        ["", "议事室协商议事", "议事", "2024-05-06", "县里的议事室", "否", "否", 0],
        ["", "视察调研", "完成了但不是计划", "2024-05-06", "", "否", "是", 0],
        dry_run=True,
    )
    assert not result.has_errors() and result.has_validation_errors()
    errors = {row.number: str(row.error) for row in result.invalid_rows}
    assert sorted(errors) == [2, 3, 4]
    assert "喝茶" in errors[2] and "县里的议事室" in errors[3] and "协商计划任务" in errors[4]
    assert not Activity.objects.exists()
