"""The dashboard's charts: the twenty-one of the page, each in its own module named after it, all found
through the one registry by the API, the page and the tests."""

import pkgutil

from cppcc.site.dashboards import charts
from cppcc.site.dashboards.charts import CHARTS
from cppcc.site.dashboards.views import SECTIONS

TWENTY = {
    "activities-per-month",
    "attendance",
    "committees",
    "consultation-plan",
    "handling-progress",
    "leader-instructions",
    "opinion-adoption",
    "opinions-per-month",
    "proposals-by-category",
    "proposals-by-kind",
    "proposals-by-state",
    "publicity",
    "reply-categories",
    "reply-timeliness",
    "rooms",
    "satisfaction",
    "score-distribution",
    "sector-groups",
    "study",
    "top-authors",
    "unit-assessment",
}


def test_the_registry_holds_the_twenty_charts():
    assert set(CHARTS) == TWENTY


def test_each_chart_lives_in_its_own_module_named_after_it():
    modules = {module.name for module in pkgutil.iter_modules(charts.__path__)} - {"base"}
    assert modules == {name.replace("-", "_") for name in TWENTY}
    for name, chart in CHARTS.items():
        assert chart.name == name
        assert chart.draw.__module__ == f"{charts.__name__}.{name.replace('-', '_')}", name


def test_the_page_places_each_chart_once():
    placed = [name for _title, names in SECTIONS for name in names]
    assert sorted(placed) == sorted(TWENTY)
