"""Every portal page for each persona that uses it, the login page and the error pages, at phone
(390×844) and desktop (1366×800) width: no sideways scrolling of the page, no console error, and
axe-core finds no critical or serious violation (none at all on the login page and the portal
home). One browser context per persona and width, the pages visited in turn."""

import datetime

import pytest
from django.utils import timezone

from cppcc.org.services import notify
from opinions.models import Adoption, Body, OpinionReport, ReportAuthor
from platforms.models import Activity, Attendance
from proposals import services
from proposals.models import Assignment, Kind
from tests.browser.axe import axe_violations
from tests.browser.conftest import log_in, open_tab
from tests.platforms.factories import ActivityFactory, AttendanceFactory
from tests.proposals.factories import CategoryFactory

VIEWPORTS = {"phone": (390, 844), "desktop": (1366, 800)}
# Pages where axe must find nothing at all, whatever the impact.
SPOTLESS = {"/accounts/login/", "/portal/"}
# The badges (state, unread count) whose text is below WCAG AA contrast (4.5:1) with their own
# background: checked directly, as axe does not always reach a badge inside a link of the menu.
FAINT_BADGES = """() => {
    const luminance = (colour) => {
        const [r, g, b] = colour.match(/[\\d.]+/g).slice(0, 3).map((v) => Number(v) / 255)
            .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    return [...document.querySelectorAll('.badge')].filter((badge) => {
        const style = getComputedStyle(badge);
        const [a, b] = [luminance(style.color), luminance(style.backgroundColor)];
        return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05) < 4.5;
    }).map((badge) => badge.textContent.trim());
}"""


@pytest.fixture
def world(city_session, member_login, member2_login, city_clerk, unit, unit_contact, leader):
    """A member with a joint draft, a proposal answered by the unit, an adopted opinion report, a
    coming meeting and an unread notification; the pages each persona opens."""
    member = member_login.member
    category = CategoryFactory(committee=city_session.committee, name="城乡建设")

    def proposal(title, **extra):
        return services.proposal_create(
            actor=member_login,
            committee=city_session.committee,
            session=city_session,
            title=title,
            content="老城区停车位缺口大，建议建设立体停车场。",
            category=category,
            **extra,
        )

    joint = proposal("关于城区停车难的建议", kind=Kind.JOINT, cosigners=[member2_login.member.pk])
    answered = proposal("关于加强老旧小区改造的建议")
    services.proposal_submit(proposal=answered, actor=member_login)
    services.proposal_register(proposal=answered, actor=city_clerk)
    services.proposal_assign(proposal=answered, actor=city_clerk, units=[(unit, Assignment.Role.LEAD)])
    report = OpinionReport.objects.create(
        committee=member.committee,
        title="关于规范校外培训的建议",
        content="内容",
        state="accepted",
        submitted_at=timezone.now(),
    )
    ReportAuthor.objects.create(report=report, member=member, order=1)
    Adoption.objects.create(
        report=report, body=Body.PROVINCE_CPPCC, action="adopted", date=timezone.localdate()
    )
    meeting = ActivityFactory(
        committee=member.committee,
        kind=Activity.Kind.STANDING_COMMITTEE,
        title="常委会第十次会议",
        date=timezone.localdate() + datetime.timedelta(days=5),
    )
    AttendanceFactory(activity=meeting, member=member, status=Attendance.Status.INVITED)
    for user in (member_login, unit_contact, leader, city_clerk):
        notify(users=[user], message="请查收本月履职提醒。")
    common = ["/portal/", "/portal/notifications/", "/portal/notifications/settings/"]
    return {
        "member": [
            *common,
            "/portal/proposals/",
            "/portal/proposals/new/",
            f"/portal/proposals/{joint.pk}/",
            f"/portal/proposals/{joint.pk}/edit/",
            f"/portal/proposals/{answered.pk}/",
            "/portal/opinions/",
            "/portal/opinions/new/",
            f"/portal/opinions/{report.pk}/",
            "/portal/speeches/",
            "/portal/activities/",
            f"/portal/activities/{meeting.pk}/",
            f"/portal/activities/{meeting.pk}/leave/",
        ],
        "unit": [*common, f"/portal/proposals/{answered.pk}/"],
        "leader": common,
        "clerk": common,
    }


def problems_on(tab, urls, *, allowed_status=()) -> dict:
    """What is wrong with each page: sideways scrolling, console errors, axe violations, faint badges."""
    found = {}
    for url in urls:
        tab.console_errors.clear()
        tab.goto(url)
        tab.wait_for_load_state("networkidle")
        wide = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        violations = axe_violations(tab, impacts=None if url in SPOTLESS else ("critical", "serious"))
        faint = tab.evaluate(FAINT_BADGES)
        errors = [
            e for e in tab.console_errors if not any(f"status of {code}" in e for code in allowed_status)
        ]
        if wide > 0 or violations or errors or faint:
            found[url] = {"sideways": wide, "axe": violations, "console": errors, "faint badges": faint}
    return found


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("persona", ["member", "unit", "leader", "clerk"])
def test_portal_pages_fit_the_screen_and_pass_axe(chromium, live_server, world, persona, viewport):
    tab = open_tab(chromium, live_server.url, VIEWPORTS[viewport])
    log_in(tab, persona)
    assert problems_on(tab, world[persona]) == {}
    assert tab.external_requests == []
    tab.context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_login_and_error_pages_pass_axe_in_chinese(chromium, live_server, member_login, viewport):
    tab = open_tab(chromium, live_server.url, VIEWPORTS[viewport])
    assert problems_on(tab, ["/accounts/login/", "/no-such-page/"], allowed_status=(404,)) == {}
    assert "页面不存在" in tab.inner_text("main")
    log_in(tab, "member")
    assert problems_on(tab, ["/dashboard/"], allowed_status=(403,)) == {}
    assert "您无权访问此页面" in tab.inner_text("main") and "政协办公室" in tab.inner_text("main")
    tab.context.close()
