"""The secretariat's workbench in headless Chromium, as the city clerk: record an adoption with a
leader's instruction on a report's page, approve a leave request in place, and take attendance in
one grid. No console errors, no request leaves the machine."""

import datetime

import pytest

from opinions.models import OpinionReport
from platforms.models import Attendance
from tests.browser.conftest import log_in
from tests.opinions.factories import report
from tests.platforms.factories import ActivityFactory, AttendanceFactory


def assert_clean(page) -> None:
    assert page.console_errors == [] and page.external_requests == []


@pytest.fixture
def meeting(city, member, member2, member3):
    activity = ActivityFactory(committee=city, title="冬季安全生产视察", date=datetime.date(2024, 12, 5))
    AttendanceFactory(activity=activity, member=member, status="invited")
    AttendanceFactory(activity=activity, member=member2, status="leave_requested", leave_reason="出差")
    AttendanceFactory(activity=activity, member=member3, status="invited")
    return activity


def test_the_clerk_records_an_adoption_with_a_leaders_instruction(page, city, city_clerk, member):
    accepted = report(committee=city, authors=[member], actor=city_clerk, state="accepted")
    log_in(page, "clerk")
    page.goto(f"/admin/opinions/opinionreport/{accepted.pk}/change/")
    assert "已录用" in page.inner_text(".report-story")
    page.click("#adoptions-group .add-row a")
    page.click("#adoptions-group .add-row a")
    page.select_option("#id_adoptions-0-body", "city_party_committee")
    page.select_option("#id_adoptions-0-action", "adopted")
    page.fill("#id_adoptions-0-date", "2024-06-01")
    page.select_option("#id_adoptions-1-body", "city_government")
    page.select_option("#id_adoptions-1-action", "instructed")
    page.fill("#id_adoptions-1-date", "2024-06-03")
    page.fill("#id_adoptions-1-leader", "张市长")
    page.fill("#id_adoptions-1-leader_title", "市长")
    page.click("input[name=_continue]")
    page.wait_for_load_state("networkidle")
    saved = OpinionReport.objects.get(pk=accepted.pk)
    assert list(saved.adoptions.values_list("action", "leader")) == [
        ("adopted", ""),
        ("instructed", "张市长"),
    ]
    timeline = page.inner_text("#timeline")
    assert "登记采用情况" in timeline and "市政府 · 批示" in timeline
    assert "市级" in page.inner_text(".report-story")
    page.screenshot(path="/work/helpers/shots/reports-browser-adoption.png", full_page=True)
    assert_clean(page)


def test_the_clerk_approves_a_leave_request_in_place(page, city_clerk, meeting):
    log_in(page, "clerk")
    page.goto(f"/admin/platforms/activity/{meeting.pk}/change/")
    page.on("dialog", lambda dialog: dialog.accept())
    asking = meeting.attendances.get(status="leave_requested")
    page.click(f"#leave tr.leave-{asking.pk} input[value=批准请假]")
    page.wait_for_load_state("networkidle")
    assert "已批准王晓梅的请假。" in page.inner_text(".messagelist")
    assert Attendance.objects.get(pk=asking.pk).status == "leave_approved"
    assert_clean(page)


def test_the_clerk_takes_attendance_in_one_grid(page, city_clerk, meeting, member3):
    log_in(page, "clerk")
    page.goto(f"/admin/platforms/activity/{meeting.pk}/change/")
    rows = page.locator("#attendance-grid tr.participant")
    assert rows.count() == 3
    for i in range(3):
        name = rows.nth(i).locator("td").first.inner_text().strip()
        status = {"李明远": "present", "王晓梅": "leave_approved", member3.name: "absent"}[name]
        rows.nth(i).locator("select").select_option(status)
        if name == "李明远":
            rows.nth(i).locator("input[type=checkbox]").check()
    page.click("#attendance-grid input[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "已登记 3 条出席记录。" in page.inner_text(".messagelist")
    recorded = {a.member.name: (a.status, a.spoke) for a in meeting.attendances.select_related("member")}
    assert recorded == {
        "李明远": ("present", True),
        "王晓梅": ("leave_approved", False),
        member3.name: ("absent", False),
    }
    page.screenshot(path="/work/helpers/shots/reports-browser-attendance.png", full_page=True)
    assert_clean(page)
