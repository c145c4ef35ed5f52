"""The leaders' dashboard in headless Chromium: every chart renders from its endpoint, offline."""

from cppcc.site.dashboards.charts import CHARTS
from opinions.models import Adoption
from platforms.models import Activity
from tests.browser.conftest import log_in
from tests.site.dashboards import factories as f


def test_a_leader_sees_the_dashboard_with_all_its_charts(page, leader, city, county, unit):
    f.handled(city, unit)
    f.proposal(county, is_key=True)
    f.report(city, events=[("province_cppcc", Adoption.Action.ADOPTED)])
    f.activity(county, Activity.Kind.ROOM_DELIBERATION, problems_solved=3)
    log_in(page, "leader")
    assert page.url.endswith("/dashboard/")
    page.goto("/dashboard/?year=2024")
    figures = page.locator("figure[data-chart]")
    count = figures.count()
    assert count == len(CHARTS)
    page.wait_for_function(
        "n => document.querySelectorAll('figure[data-chart][data-state]').length === n", arg=count
    )
    assert page.locator("figure[data-state=error]").count() == 0
    drawn, empty = page.locator("figure[data-state=ready]"), page.locator("figure[data-state=empty]")
    assert drawn.count() + empty.count() == count and drawn.count() >= count // 2
    assert page.locator("figure[data-state=ready] .chart svg").count() == drawn.count()
    assert all("暂无数据" in text for text in empty.all_inner_texts())
    assert "立案提案" in page.inner_text("main")
    first = figures.first
    first.locator(".chart-toggle").click()
    assert first.locator(".chart-table table").is_visible()
    assert page.console_errors == []
    assert page.external_requests == []
