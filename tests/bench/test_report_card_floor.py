"""The benchmark's hand-written SQL floor gives exactly the report card of the selector, on the
dashboards' hand-made dataset (drafts, other years, other committees, repeated enterprises …)."""

import pytest
from django.db import connection

from cppcc.bench.floor import report_card_sql
from cppcc.site.dashboards.selectors import report_card
from tests.site.dashboards.test_report_card import records  # noqa: F401  (the dataset fixture)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="raw PostgreSQL"),
    pytest.mark.usefixtures("records"),
]


@pytest.mark.parametrize("year", [2023, 2024, 2025])
def test_the_sql_floor_gives_the_city_card(city, year):
    assert report_card_sql(city.pk, year) == report_card(committee=city, year=year)


def test_the_sql_floor_gives_the_county_card(county):
    assert report_card_sql(county.pk, 2024) == report_card(committee=county, year=2024)
