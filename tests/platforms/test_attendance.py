"""Attendance and leave: the secretariat records, a member asks leave for themself only, before the
activity; the secretariat approves or refuses."""

import pytest
from django.core.exceptions import PermissionDenied

from cppcc.core.workflow import InvalidTransition
from cppcc.org.models import Notification
from platforms import services
from platforms.models import Attendance
from tests.factories import MemberFactory

from .factories import AttendanceFactory

pytestmark = pytest.mark.django_db


def url(activity):
    return f"/api/activities/{activity.pk}/attendance/"


def test_secretariat_records_one_member(api, city_clerk, past, member):
    response = api.as_user(city_clerk).post(
        url(past), {"member": member.pk, "status": "present", "spoke": True}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json() == {
        "member": member.pk,
        "name": "李明远",
        "status": "present",
        "status_display": "出席",
        "spoke": True,
        "leave_reason": "",
        "seat": "",
    }


def test_secretariat_records_the_whole_activity_at_once(api, city_clerk, past, member, member2):
    AttendanceFactory(activity=past, member=member2, status="invited")
    rows = [{"member": member.pk, "status": "present"}, {"member": member2.pk, "status": "absent"}]
    response = api.as_user(city_clerk).post(url(past), rows, format="json")
    assert response.status_code == 200, response.content
    assert [(r["name"], r["status"]) for r in response.json()] == [
        ("李明远", "present"),
        ("王晓梅", "absent"),
    ]
    assert Attendance.objects.filter(activity=past).count() == 2


def test_a_bad_row_records_nothing(api, city_clerk, county, past, member):
    outsider = MemberFactory(committee=county)
    rows = [{"member": member.pk, "status": "present"}, {"member": outsider.pk, "status": "present"}]
    response = api.as_user(city_clerk).post(url(past), rows, format="json")
    assert response.status_code == 400
    assert "member" in response.json()
    assert not Attendance.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"member": 999999, "status": "present"},
        {"member": "abc", "status": "present"},
        {"status": "present"},
        {"member": 1, "status": "asleep"},
        [{"member": 1}],
        "nonsense",
    ],
)
def test_bad_attendance_input_answers_400(api, city_clerk, past, body):
    response = api.as_user(city_clerk).post(url(past), body, format="json")
    assert response.status_code == 400, response.content


def test_a_member_requests_leave_for_themself(api, member_login, member, coming, city_clerk):
    response = api.as_user(member_login).post(
        url(coming), {"status": "leave_requested", "reason": "出差在外"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "leave_requested"
    assert response.json()["leave_reason"] == "出差在外"
    attendance = Attendance.objects.get(activity=coming, member=member)
    services.attendance_approve_leave(attendance=attendance, actor=city_clerk)
    attendance.refresh_from_db()
    assert attendance.status == "leave_approved"
    assert Notification.objects.filter(user=member_login, message__contains="冬季安全生产视察").exists()


def test_the_secretariat_may_refuse_leave(member_login, member, coming, city_clerk):
    attendance = services.attendance_request_leave(
        activity=coming, member=member, reason="家中有事", actor=member_login
    )
    services.attendance_refuse_leave(attendance=attendance, actor=city_clerk)
    attendance.refresh_from_db()
    assert attendance.status == "invited"
    with pytest.raises(InvalidTransition):
        services.attendance_approve_leave(attendance=attendance, actor=city_clerk)


def test_a_member_cannot_decide_leave(member_login, member, coming):
    attendance = services.attendance_request_leave(
        activity=coming, member=member, reason="出差", actor=member_login
    )
    with pytest.raises(PermissionDenied):
        services.attendance_approve_leave(attendance=attendance, actor=member_login)


def test_a_member_cannot_mark_anyone_else_or_themself_present(api, member_login, member2, coming):
    client = api.as_user(member_login)
    other = client.post(
        url(coming), {"member": member2.pk, "status": "leave_requested", "reason": "x"}, format="json"
    )
    assert other.status_code == 403
    present = client.post(url(coming), {"status": "present"}, format="json")
    assert present.status_code == 403
    bulk = client.post(url(coming), [{"member": member2.pk, "status": "absent"}], format="json")
    assert bulk.status_code == 403
    assert not Attendance.objects.exists()


def test_leave_comes_before_the_activity(api, member_login, past):
    response = api.as_user(member_login).post(
        url(past), {"status": "leave_requested", "reason": "出差"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"


def test_leave_needs_a_reason(api, member_login, coming):
    response = api.as_user(member_login).post(url(coming), {"status": "leave_requested"}, format="json")
    assert response.status_code == 400
    assert "reason" in response.json()


def test_leave_cannot_be_requested_once_recorded(api, member_login, member, past, coming):
    AttendanceFactory(activity=coming, member=member, status="present")
    response = api.as_user(member_login).post(
        url(coming), {"status": "leave_requested", "reason": "x"}, format="json"
    )
    assert response.status_code == 409


def test_leaders_and_county_clerks_do_not_record(api, leader, county_clerk, past, member):
    body = {"member": member.pk, "status": "present"}
    assert api.as_user(leader).post(url(past), body, format="json").status_code == 403
    assert api.as_user(county_clerk).post(url(past), body, format="json").status_code == 404


def test_a_member_reads_only_their_own_entry(api, member_login, member, member2, city_clerk, past):
    AttendanceFactory(activity=past, member=member, status="present")
    AttendanceFactory(activity=past, member=member2, status="absent")
    mine = api.as_user(member_login).get(url(past)).json()
    assert [row["name"] for row in mine] == ["李明远"]
    everyone = api.as_user(city_clerk).get(url(past)).json()
    assert {row["name"] for row in everyone} == {"李明远", "王晓梅"}
