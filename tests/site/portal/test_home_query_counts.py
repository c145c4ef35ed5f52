"""The portal's home page (timed by the benchmark, ``portal`` in bench-results.json) costs the same
queries for a member with 2 proposals in the year as for one with 20, and so does the secretariat's."""

import datetime

import pytest

from tests.scoring.conftest import registered_proposal

pytestmark = pytest.mark.django_db


def proposals(session, member, count: int, first: int = 0) -> None:
    for i in range(first, first + count):
        registered_proposal(session, member, datetime.date(2024, 3, 1) + datetime.timedelta(days=i))


def test_the_home_page_costs_the_same_for_2_and_20_proposals(
    queries_of, member_login, city_clerk, city_session
):
    member = member_login.member
    proposals(city_session, member, 2)
    few = queries_of(member_login, "/portal/?year=2024")
    few_staff = queries_of(city_clerk, "/portal/?year=2024")
    proposals(city_session, member, 18, first=2)
    assert queries_of(member_login, "/portal/?year=2024") == few
    assert queries_of(city_clerk, "/portal/?year=2024") == few_staff
