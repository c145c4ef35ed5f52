"""The dashboard for leaders and secretariats on a phone (390×844) and a desktop (1366×800): no page
scrolls sideways, axe finds nothing critical or serious, no console error (the content-security
policy included, tooltips shown), and a chart segment leads to a filtered list whose chips match,
whose rows open a read-only page, and back. One browser context throughout."""

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from opinions.models import Adoption
from platforms.models import Activity
from tests.browser.axe import axe_violations
from tests.browser.conftest import log_in
from tests.site.dashboards import factories as f

SIZES = [(390, 844), (1366, 800)]
READY = "() => document.querySelectorAll('figure[data-chart]:not([data-state])').length === 0"


@pytest.fixture
def records(city, county, unit):
    """Records of the county (which the city's leader and secretariat read too) and an overdue
    reply of the city."""
    f.handled(city, unit, replied=False)
    key = f.proposal(county, is_key=True)
    report = f.report(county, events=[("province_cppcc", Adoption.Action.ADOPTED)])
    act = f.activity(county, Activity.Kind.ROOM_DELIBERATION, problems_solved=3)
    return {"proposals": key, "opinions": report, "activities": act}


def pages_of(records) -> list[str]:
    return [
        "/dashboard/?year=2024",
        "/dashboard/list/proposals/?registered_year=2024",
        "/dashboard/list/opinions/?year=2024",
        "/dashboard/list/activities/?year=2024",
        f"/dashboard/proposals/{records['proposals'].pk}/",
        f"/dashboard/opinions/{records['opinions'].pk}/",
        f"/dashboard/activities/{records['activities'].pk}/",
    ]


def hover_every_chart(page) -> None:
    for chart in page.locator("figure[data-state=ready] .chart").all():
        chart.scroll_into_view_if_needed()
        box = chart.bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.3)


@pytest.mark.parametrize("user", ["leader", "clerk", "county_clerk"])
def test_every_dashboard_page_fits_passes_axe_and_logs_no_error(
    page, leader, city_clerk, county_clerk, records, user
):
    log_in(page, user)
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        for url in pages_of(records):
            response = page.goto(url)
            page.wait_for_function(READY)
            if url.startswith("/dashboard/?"):
                hover_every_chart(page)
            where = f"{user} {width} {url}"
            assert response.status == 200, where
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), where
            assert axe_violations(page) == [], where
            assert page.console_errors == [], (where, page.console_errors[:3])
    assert page.external_requests == []


def test_a_chart_segment_leads_to_its_records_and_back(page, leader, records):
    log_in(page, "leader")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/dashboard/?year=2024")
    page.wait_for_function(READY)
    figure = page.locator("#chart-proposals-by-category")
    assert figure.locator("svg").count() == 1 and figure.locator("canvas").count() == 0
    chart = figure.locator(".chart")
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    radius = min(box["width"], box["height"]) / 2
    centre = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    # A point inside the pie's ring, trying a few angles: where the segments fall depends on the
    # data and the layout, not on what the test is about (a segment leads to its records).
    for dx, dy in ((0, -0.5), (0.5, 0), (0, 0.5), (-0.5, 0), (0.35, -0.35), (-0.35, 0.35)):
        page.mouse.click(centre[0] + dx * radius, centre[1] + dy * radius)
        try:
            page.wait_for_url(re.compile(r"/dashboard/list/proposals/\?.*category="), timeout=5000)
            break
        except PlaywrightTimeoutError:
            continue
    else:
        pytest.fail("no segment of the pie led to a list")
    chips = page.locator(".chips .chip")
    names = {chips.nth(i).get_attribute("data-filter") for i in range(chips.count())}
    assert names == {"within", "registered_year", "category"}
    assert "立案年度：2024" in page.inner_text(".chips") or "2024" in page.inner_text(".chips")
    list_url = page.url
    page.locator("table.records tbody a").first.click()
    page.wait_for_url(re.compile(r"/dashboard/proposals/\d+/"))
    assert re.search(r"\S+第\d{4}号", page.inner_text("main"))
    page.go_back()
    assert page.url == list_url
    page.locator(".chip[data-filter=category] a").click()
    page.wait_for_url(lambda url: "category=" not in url)
    assert page.locator(".chip[data-filter=category]").count() == 0
    page.go_back()
    page.go_back()
    page.wait_for_function(READY)
    page.locator(".leads a").first.click()
    page.wait_for_url(re.compile(r"/dashboard/list/proposals/\?.*registered_year=2024"))
    assert page.locator("table.records tbody a").count() == 2


def test_the_text_alternative_is_a_table_reached_by_keyboard_and_empty_charts_say_so(page, leader, records):
    log_in(page, "leader")
    page.goto("/dashboard/?year=2024")
    page.wait_for_function(READY)
    toggle = page.locator("#chart-proposals-by-category .chart-toggle")
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    table = page.locator("#chart-proposals-by-category-table")
    assert table.is_visible() and table.locator("tbody a").count() >= 1
    page.goto("/dashboard/?year=2025")
    page.wait_for_function(READY)
    empty = page.locator("#chart-proposals-by-category")
    assert empty.get_attribute("data-state") == "empty" and "暂无数据" in empty.inner_text()
    assert empty.locator("svg").count() == 0
    assert page.console_errors == []
