"""A member's activities of a year with their attendance, and the leave request with a reason."""

import datetime

import pytest
from django.utils import timezone

from platforms.models import Activity, Attendance
from tests.platforms.factories import ActivityFactory, AttendanceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(member):
    activity = ActivityFactory(
        committee=member.committee,
        kind=Activity.Kind.STANDING_COMMITTEE,
        title="常委会第十次会议",
        date=timezone.localdate() + datetime.timedelta(days=10),
    )
    AttendanceFactory(activity=activity, member=member, status=Attendance.Status.INVITED)
    return activity


def test_the_member_sees_activities_with_attendance_and_asks_for_leave(client, member_login, meeting):
    client.force_login(member_login)
    page = client.get(f"/portal/activities/?year={meeting.date.year}").content.decode()
    assert "常委会第十次会议" in page and "已邀请" in page
    assert f"/portal/activities/{meeting.pk}/leave/" in page
    assert client.get(f"/portal/activities/{meeting.pk}/leave/").status_code == 200
    response = client.post(f"/portal/activities/{meeting.pk}/leave/", {"reason": "外出学习"})
    assert response.status_code == 302 and response.url.endswith(f"#activity-{meeting.pk}")
    attendance = meeting.attendances.get()
    assert attendance.status == Attendance.Status.LEAVE_REQUESTED and attendance.leave_reason == "外出学习"


def test_a_leave_request_needs_a_reason(client, member_login, meeting):
    client.force_login(member_login)
    response = client.post(f"/portal/activities/{meeting.pk}/leave/", {"reason": "  "})
    assert response.status_code == 400 and "该字段为必填项" in response.content.decode()


def test_no_leave_after_the_activity(client, member_login, member):
    past = ActivityFactory(committee=member.committee, date=datetime.date(2024, 5, 1))
    AttendanceFactory(activity=past, member=member, status=Attendance.Status.INVITED)
    client.force_login(member_login)
    assert (
        f"/portal/activities/{past.pk}/leave/"
        not in client.get("/portal/activities/?year=2024").content.decode()
    )
    assert client.post(f"/portal/activities/{past.pk}/leave/", {"reason": "有事"}).status_code == 409


def test_activities_of_another_committee_are_404(client, member_login, other_city):
    activity = ActivityFactory(committee=other_city)
    client.force_login(member_login)
    assert client.get(f"/portal/activities/{activity.pk}/leave/").status_code == 404


def test_only_members_have_these_pages(client, unit_contact, leader):
    for user in (unit_contact, leader):
        client.force_login(user)
        assert client.get("/portal/activities/").status_code == 403


def test_the_list_costs_a_fixed_number_of_queries(queries_of, member, member_login, meeting):
    one = queries_of(member_login, f"/portal/activities/?year={meeting.date.year}")
    for _ in range(5):
        AttendanceFactory(
            activity=ActivityFactory(committee=member.committee, date=meeting.date), member=member
        )
    assert queries_of(member_login, f"/portal/activities/?year={meeting.date.year}") == one == 8
