"""/portal/ for a member: the chosen year's score, grade, breakdown and every item linked to its
record; the counts of the duty record; a fixed number of queries however busy the year."""

import re
from decimal import Decimal

import pytest

from tests.scoring.conftest import busy_year  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def test_the_score_page_shows_every_item_and_adds_up(client, member_login, busy_year):  # noqa: F811
    client.force_login(member_login)
    response = client.get("/portal/?year=2024")
    page = response.content.decode()
    assert response.status_code == 200
    assert "李明远" in page and "2024" in page
    points = [Decimal(p) for p in re.findall(r'data-points="(-?[\d.]+)"', page)]
    total = Decimal(re.search(r'data-total="(-?[\d.]+)"', page).group(1))
    assert total == sum(points) == Decimal(137)
    assert "优秀" in page  # 137 ≥ 85
    assert "党建" in page and "履职" in page and "信用" in page
    assert (
        "/portal/proposals/" in page
        and "/portal/opinions/" in page
        and "/portal/activities/?year=2024#activity-" in page
    )


def test_another_year_counts_only_its_records(client, member_login, busy_year):  # noqa: F811
    client.force_login(member_login)
    page = client.get("/portal/?year=2023").content.decode()
    assert re.search(r'data-total="(-?[\d.]+)"', page).group(1) == "50"
    assert '<option value="2023" selected>' in page


@pytest.mark.parametrize("year", ["abc", "1800", "99999999999999999999"])
def test_a_senseless_year_is_a_400(client, member_login, year):
    client.force_login(member_login)
    response = client.get(f"/portal/?year={year}")
    assert response.status_code == 400
    assert "年份" in response.content.decode()


def test_anonymous_users_are_sent_to_log_in(client):
    assert client.get("/portal/").url.startswith("/accounts/login/")


def test_a_leader_gets_the_welcome_page(client, leader):
    client.force_login(leader)
    page = client.get("/portal/").content.decode()
    assert "市政协主席" in page and "score-total" not in page


def test_the_home_page_costs_the_same_for_an_empty_and_a_busy_year(queries_of, member_login, busy_year):  # noqa: F811
    busy = queries_of(member_login, "/portal/?year=2024")
    empty = queries_of(member_login, "/portal/?year=2020")
    # The score's evidence reads the delivered speeches in one query of its own, and the late leave
    # requests and the proposals rejected as too vague in one each; the to-do list (four kinds of
    # task) and the next activities one query each.
    assert busy == empty == 29
