"""An activity's admin page: its participants, attendance taken in one grid (every changed row
recorded through the service in one transaction, or none), and leave requests decided in place."""

import datetime

import pytest

from platforms.models import Attendance
from tests.factories import MemberFactory

from .factories import ActivityFactory, AttendanceFactory

pytestmark = pytest.mark.django_db


def page_url(activity) -> str:
    return f"/admin/platforms/activity/{activity.pk}/change/"


def grid_url(activity) -> str:
    return f"/admin/platforms/activity/{activity.pk}/attendance/"


def leave_url(attendance, decision) -> str:
    return f"/admin/platforms/activity/{attendance.activity_id}/attendance/{attendance.pk}/{decision}/"


def said(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def clerk(client, city_clerk):
    client.force_login(city_clerk)
    return client


@pytest.fixture
def meeting(city, member, member2, member3):
    """An inspection with three members on its list: one invited, one asking for leave, one present."""
    activity = ActivityFactory(committee=city, title="冬季安全生产视察", date=datetime.date(2024, 12, 5))
    AttendanceFactory(activity=activity, member=member, status="invited")
    AttendanceFactory(activity=activity, member=member2, status="leave_requested", leave_reason="出差")
    AttendanceFactory(activity=activity, member=member3, status="present")
    return activity


def statuses(activity) -> dict[str, tuple[str, bool]]:
    return {a.member.name: (a.status, a.spoke) for a in activity.attendances.select_related("member")}


def grid_data(activity, changes: dict[str, dict] | None = None, added: list[dict] = ()) -> dict:
    """The grid as the page fills it in, with ``changes`` by member name and ``added`` rows."""
    participants = list(activity.attendances.select_related("member").order_by("member__name", "member_id"))
    data = {
        "grid-TOTAL_FORMS": len(participants),
        "grid-INITIAL_FORMS": len(participants),
        "add-TOTAL_FORMS": max(3, len(added)),
        "add-INITIAL_FORMS": 0,
    }
    for i, a in enumerate(participants):
        row = {"status": a.status, "spoke": a.spoke, "leave_reason": a.leave_reason}
        row.update((changes or {}).get(a.member.name, {}))
        data.update({f"grid-{i}-attendance": a.pk, f"grid-{i}-status": row["status"]})
        data[f"grid-{i}-leave_reason"] = row["leave_reason"]
        if row["spoke"]:
            data[f"grid-{i}-spoke"] = "on"
    for i, row in enumerate(added):
        data.update({f"add-{i}-{name}": value for name, value in row.items()})
    return data


def test_the_page_shows_participants_the_grid_and_leave_requests(clerk, meeting, member3):
    response = clerk.get(page_url(meeting))
    html = response.content.decode()
    assert response.status_code == 200
    assert {a.member.name: a.get_status_display() for a in response.context["grid"].participants} == {
        "李明远": "已邀请",
        "王晓梅": "已请假待批",
        member3.name: "出席",
    }
    assert [a.member.name for a in response.context["leave_requests"]] == ["王晓梅"]
    assert "待审批的请假" in html and "出差" in html and "保存出席情况" in html and "共 3 人" in html
    assert "object (" not in html


def test_a_county_clerk_sees_only_its_own_activities(client, county_clerk, county, meeting):
    own = ActivityFactory(committee=county)
    client.force_login(county_clerk)
    assert client.get(page_url(own)).status_code == 200
    assert client.get(page_url(meeting)).status_code == 302
    assert client.post(grid_url(meeting), grid_data(meeting)).status_code == 404
    attendance = meeting.attendances.get(status="leave_requested")
    assert client.post(leave_url(attendance, "approve")).status_code == 404
    assert Attendance.objects.get(pk=attendance.pk).status == "leave_requested"


@pytest.mark.parametrize("persona", ["leader", "member_login", "unit_contact"])
def test_others_are_refused(client, meeting, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(page_url(meeting)).status_code == 302
    client.post(grid_url(meeting), grid_data(meeting, {"李明远": {"status": "absent"}}))
    assert statuses(meeting)["李明远"] == ("invited", False)


def test_the_grid_records_every_row_at_once(clerk, city, meeting, member3):
    newcomer = MemberFactory(committee=city, name="赵新")
    data = grid_data(
        meeting,
        {"李明远": {"status": "present", "spoke": True}, member3.name: {"status": "absent"}},
        added=[{"member": newcomer.pk, "status": "present"}],
    )
    response = clerk.post(grid_url(meeting), data, follow=True)
    assert said(response) == ["已登记 3 条出席记录。"]
    assert statuses(meeting) == {
        "李明远": ("present", True),
        "王晓梅": ("leave_requested", False),
        member3.name: ("absent", False),
        "赵新": ("present", False),
    }
    assert Attendance.objects.get(member=newcomer).timeline.get().action == "record"


def test_bad_input_saves_nothing_and_says_why(clerk, meeting, member3):
    data = grid_data(
        meeting,
        {"李明远": {"status": "present"}, member3.name: {"status": "absent", "spoke": True}},
    )
    response = clerk.post(grid_url(meeting), data)
    assert response.status_code == 200
    assert said(response) == [f"{member3.name}：只有出席的委员才能记为发言。"]
    assert statuses(meeting)["李明远"] == ("invited", False)
    html = response.content.decode()
    assert 'value="present" selected' in html  # the grid is shown again as it was filled in


def test_an_unknown_status_saves_nothing(clerk, meeting):
    data = grid_data(meeting, {"李明远": {"status": "asleep"}, "王晓梅": {"status": "absent"}})
    response = clerk.post(grid_url(meeting), data)
    assert response.status_code == 200 and said(response)[0].startswith("李明远：")
    assert statuses(meeting)["王晓梅"] == ("leave_requested", False)


def test_a_member_of_another_committee_cannot_be_added(clerk, meeting, county_member):
    data = grid_data(meeting, added=[{"member": county_member.pk, "status": "present"}])
    response = clerk.post(grid_url(meeting), data)
    assert response.status_code == 200 and said(response)
    assert not Attendance.objects.filter(member=county_member).exists()


def test_leave_is_approved_in_place(clerk, meeting):
    attendance = meeting.attendances.get(status="leave_requested")
    response = clerk.post(leave_url(attendance, "approve"), follow=True)
    assert said(response) == ["已批准王晓梅的请假。"]
    assert Attendance.objects.get(pk=attendance.pk).status == "leave_approved"


def test_leave_is_refused_in_place(clerk, meeting):
    attendance = meeting.attendances.get(status="leave_requested")
    response = clerk.post(leave_url(attendance, "refuse"), follow=True)
    assert said(response) == ["已不批准王晓梅的请假。"]
    assert Attendance.objects.get(pk=attendance.pk).status == "invited"


def test_deciding_a_leave_that_was_not_requested_is_refused_in_chinese(clerk, meeting):
    attendance = meeting.attendances.get(member__name="李明远")
    response = clerk.post(leave_url(attendance, "approve"), follow=True)
    assert said(response) == ["李明远：当前状态为“已邀请”，不能批准请假。"]
    assert clerk.post(leave_url(attendance, "cancel")).status_code == 404
    assert clerk.get(leave_url(attendance, "approve")).status_code == 405
