"""The secretariat's admin: lists with filters, the sign-in sheet import (all or nothing), export of
filtered lists, the calendar of coming activities, per-room and per-group pages, leave decisions."""

import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import Workbook

from platforms.models import Activity, Attendance
from tests.admin_export import exported_rows
from tests.factories import MemberFactory

from .factories import ActivityFactory, AttendanceFactory, RoomFactory, SectorGroupFactory

pytestmark = pytest.mark.django_db

PAGES = ["activity", "attendance", "deliberationroom", "studyroom", "sectorgroup", "publication", "visit"]


@pytest.fixture
def clerk(client, city_clerk):
    client.force_login(city_clerk)
    return client


def sheet(*rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    data.name = "签到表.xlsx"
    return data


@pytest.mark.parametrize("page", PAGES)
def test_every_list_opens_with_its_filters(clerk, city, page):
    ActivityFactory(committee=city)
    response = clerk.get(f"/admin/platforms/{page}/?year=2024")
    assert response.status_code == 200


def test_the_sign_in_sheet_records_every_row(clerk, city, city_term, member, member2):
    activity = ActivityFactory(committee=city)
    response = clerk.post(
        f"/admin/platforms/activity/{activity.pk}/sign-in/",
        {
            "sheet": sheet(
                ["编号", "姓名", "出席情况", "发言", "请假事由"],
                [None, "李明远", "出席", "是", None],
                [member2.pk, "王晓梅", "请假已批准", "否", "出差"],
            )
        },
    )
    assert response.status_code == 302
    statuses = dict(Attendance.objects.values_list("member__name", "status"))
    assert statuses == {"李明远": "present", "王晓梅": "leave_approved"}
    assert Attendance.objects.get(member=member).spoke is True


def test_a_bad_row_leaves_the_sheet_unrecorded(clerk, city, member, member2):
    activity = ActivityFactory(committee=city)
    MemberFactory(committee=city, name="张伟")
    MemberFactory(committee=city, name="张伟")
    response = clerk.post(
        f"/admin/platforms/activity/{activity.pk}/sign-in/",
        {
            "sheet": sheet(
                ["姓名", "出席情况", "发言"],
                ["李明远", "出席", "是"],
                ["王晓梅", "睡觉", ""],
                ["张伟", "出席", ""],
                ["无名氏", "出席", ""],
                ["李明远", "缺席", "是"],
            )
        },
    )
    assert response.status_code == 200
    errors = response.context["errors"]
    assert [e.split("：")[0] for e in errors] == ["第 3 行", "第 4 行", "第 5 行", "第 6 行"]
    assert "睡觉" in errors[0] and "编号" in errors[1] and "无名氏" in errors[2]
    assert not Attendance.objects.exists()


def test_a_file_that_is_not_a_workbook_is_refused(clerk, city):
    activity = ActivityFactory(committee=city)
    upload = io.BytesIO(b"not a workbook")
    upload.name = "sheet.xlsx"
    response = clerk.post(f"/admin/platforms/activity/{activity.pk}/sign-in/", {"sheet": upload})
    assert response.status_code == 200
    assert response.context["form"].errors["sheet"] == ["文件不是 Excel 工作簿（.xlsx）。"]
    assert "文件不是 Excel 工作簿（.xlsx）。" in response.content.decode()


def test_a_county_activity_cannot_be_signed_in_by_the_city(clerk, county):
    activity = ActivityFactory(committee=county)
    assert clerk.get(f"/admin/platforms/activity/{activity.pk}/sign-in/").status_code == 403


def test_export_of_the_filtered_list(clerk, city):
    ActivityFactory(committee=city, title="二〇二四年的视察", date=datetime.date(2024, 3, 1))
    ActivityFactory(committee=city, title="二〇二三年的视察", date=datetime.date(2023, 3, 1))
    rows = exported_rows(clerk, "/admin/platforms/activity/export/?year=2024", Activity)
    assert rows[0][:3] == ("编号", "政协组织", "类型")
    assert [row[3] for row in rows[1:]] == ["二〇二四年的视察"]


def test_the_calendar_lists_coming_activities_day_by_day(clerk, city, county):
    today = timezone.localdate()
    ActivityFactory(committee=city, title="常委会议", date=today + datetime.timedelta(days=3))
    ActivityFactory(committee=county, title="界别协商", date=today + datetime.timedelta(days=3))
    ActivityFactory(committee=city, title="去年的会", date=today - datetime.timedelta(days=3))
    response = clerk.get("/admin/platforms/activity/upcoming/")
    assert response.status_code == 200
    [(day, activities)] = response.context["days"]
    assert day == today + datetime.timedelta(days=3)
    assert {a.title for a in activities} == {"常委会议", "界别协商"}


def test_a_room_page_lists_its_activities_and_totals(clerk, city):
    room = RoomFactory(committee=city, name="古楼街道民生议事室")
    ActivityFactory(committee=city, kind="room_deliberation", room=room, problems_solved=3, people_reached=20)
    ActivityFactory(
        committee=city, kind="room_deliberation", room=room, problems_solved=2, date=datetime.date(2023, 1, 5)
    )
    ActivityFactory(committee=city, kind="room_deliberation", problems_solved=9)
    response = clerk.get(f"/admin/platforms/deliberationroom/{room.pk}/activities/")
    assert response.status_code == 200
    assert response.context["totals"]["activities"] == 2
    assert response.context["totals"]["problems_solved"] == 5
    in_2024 = clerk.get(f"/admin/platforms/deliberationroom/{room.pk}/activities/?year=2024")
    assert in_2024.context["totals"]["problems_solved"] == 3


def test_a_group_page_of_another_committee_is_not_found(client, county_clerk, city):
    group = SectorGroupFactory(committee=city)
    client.force_login(county_clerk)
    assert client.get(f"/admin/platforms/sectorgroup/{group.pk}/activities/").status_code == 404


def test_leave_is_approved_from_the_attendance_list(clerk, city, member):
    entry = AttendanceFactory(
        activity__committee=city, member=member, status="leave_requested", leave_reason="出差"
    )
    other = AttendanceFactory(activity__committee=city, status="present")
    response = clerk.post(
        "/admin/platforms/attendance/",
        {"action": "approve_leave", "_selected_action": [entry.pk, other.pk]},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    other.refresh_from_db()
    assert (entry.status, other.status) == ("leave_approved", "present")
