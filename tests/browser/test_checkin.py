"""QR check-in end to end: the clerk's check-in screen shows the code and the count; a member on a
phone opens the code's URL, signs in, confirms, and the screen counts them after its next poll."""

import pytest
from django.utils import timezone

from platforms.models import Attendance
from tests.platforms.factories import ActivityFactory, AttendanceFactory


@pytest.fixture
def meeting(city, member_login, member2):
    activity = ActivityFactory(committee=city, title="今日专题协商会", date=timezone.localdate())
    AttendanceFactory(activity=activity, member=member_login.member, status=Attendance.Status.INVITED)
    AttendanceFactory(activity=activity, member=member2, status=Attendance.Status.INVITED)
    return activity


def test_a_member_scans_in_and_the_screen_counts_them(page, chromium, live_server, city_clerk, meeting):
    from playwright.sync_api import expect

    page.goto("/accounts/login/")
    page.fill("#id_username", city_clerk.username)
    page.fill("#id_password", "pass-word-123")
    page.click("button[type=submit]")
    page.goto(f"/admin/platforms/activity/{meeting.pk}/change/")
    page.click("#checkin-screen-link")
    page.wait_for_selector("#checkin-qr svg")
    assert page.locator("#checkin-qr svg").is_visible()
    assert page.inner_text("#checkin-present") == "0"
    assert page.inner_text("#checkin-expected") == "2"
    assert "李明远" in page.inner_text("#checkin-missing")
    url = page.get_attribute("#checkin-url", "href")
    assert url.startswith(f"{live_server.url}/portal/activities/{meeting.pk}/checkin/?code=")

    phone = chromium.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True)
    try:
        tab = phone.new_page()
        tab.goto(url)
        tab.fill("#id_username", "member")
        tab.fill("#id_password", "pass-word-123")
        tab.click("button[type=submit]")
        tab.wait_for_selector("#checkin-form")
        tab.click("#checkin-form button[type=submit]")
        tab.wait_for_selector("#checkin-done")
        assert tab.inner_text("#checkin-done") == "签到成功"
        assert tab.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        phone.close()

    expect(page.locator("#checkin-present")).to_have_text("1", timeout=15000)
    assert "李明远" not in page.inner_text("#checkin-missing")
    assert "王晓梅" in page.inner_text("#checkin-missing")
    assert page.console_errors == []
