"""The check-in screen in the admin (签到大屏): linked from the activity's page, the QR code and the
count of present / expected with who is missing, its JSON state for the screen's polling; and the
attendance grid's seat and reason for marking by hand."""

import pytest
from django.core import signing

from platforms import checkin

from .factories import ActivityFactory, AttendanceFactory
from .test_admin_activity_page import grid_data, grid_url, page_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(city, member, member2, member3):
    activity = ActivityFactory(committee=city, title="常委会第十次会议")
    AttendanceFactory(activity=activity, member=member, status="invited")
    AttendanceFactory(activity=activity, member=member2, status="leave_approved")
    AttendanceFactory(activity=activity, member=member3, status="present")
    return activity


def screen_url(activity) -> str:
    return f"/admin/platforms/activity/{activity.pk}/checkin/"


def test_the_activity_page_links_to_the_screen(client, city_clerk, meeting):
    client.force_login(city_clerk)
    page = client.get(page_url(meeting)).content.decode()
    assert f'href="{screen_url(meeting)}"' in page and "签到大屏" in page


def test_the_screen_shows_the_qr_code_and_the_count(client, city_clerk, meeting):
    client.force_login(city_clerk)
    response = client.get(screen_url(meeting))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page
    assert '<span id="checkin-present">1</span> / <span id="checkin-expected">2</span>' in page
    assert '<ul id="checkin-missing" class="checkin-missing"><li>李明远</li></ul>' in page
    assert "/static/js/checkin_screen.js" in page and "<script>" not in page


def test_the_state_for_the_screen(client, city_clerk, meeting):
    client.force_login(city_clerk)
    response = client.get(f"{screen_url(meeting)}state/")
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    state = response.json()
    assert {k: state[k] for k in ("present", "expected", "missing")} == {
        "present": 1,
        "expected": 2,
        "missing": ["李明远"],
    }
    assert signing.loads(state["code"], salt=checkin.SALT)["a"] == meeting.pk
    assert state["open"] is False  # the meeting was in 2024
    assert state["url"].startswith(f"http://testserver/portal/activities/{meeting.pk}/checkin/?code=")


@pytest.mark.parametrize("persona", ["leader", "member_login", "county_clerk"])
def test_only_the_secretariat_opens_the_screen(client, meeting, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(screen_url(meeting)).status_code in (302, 403, 404)
    assert client.get(f"{screen_url(meeting)}state/").status_code in (302, 403, 404)


def test_the_grid_records_a_seat_and_the_reason_for_marking_by_hand(client, city_clerk, meeting, member):
    client.force_login(city_clerk)
    data = grid_data(meeting, {"李明远": {"status": "present"}})
    row = next(k for k, v in data.items() if k.endswith("-attendance") and v == member.attendances.get().pk)
    prefix = row.removesuffix("attendance")
    data.update({f"{prefix}seat": "A区1排1座", f"{prefix}note": "手机无法扫码"})
    assert client.post(grid_url(meeting), data).status_code == 302
    attendance = member.attendances.get()
    assert (attendance.status, attendance.seat) == ("present", "A区1排1座")
    assert attendance.timeline.latest("at").note == "手机无法扫码"
