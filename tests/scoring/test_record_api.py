"""GET /api/members/{id}/record/ and /api/scores/ranking/: content, who may read, bad input."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_the_member_reads_their_own_complete_record(api, busy_year, member_login):
    body = api.as_user(member_login).get(f"/api/members/{busy_year.pk}/record/?year=2024").json()
    assert body["member"] == busy_year.pk and body["year"] == 2024
    assert body["proposals"] == {"lead": 1, "cosigned": 1, "registered": 2}
    assert body["opinions"]["submitted"] == 2
    assert body["opinions"]["adopted"] == {"city": 0, "province": 1, "national": 0}
    assert body["activities"] == {"attended": 9, "leave": 1, "absent": 1}
    score = body["score"]
    assert score["total"] == 137.0 and score["grade"] == "excellent" and score["grade_display"] == "优秀"
    assert sum(item["points"] for item in score["items"]) == score["total"]
    first = score["items"][0]
    assert set(first) == {"rule", "rule_display", "dimension", "dimension_display", "points", "source"}
    assert set(first["source"]) == {"kind", "id", "label", "date", "url"}


def test_secretariat_and_leader_read_it_others_get_404(
    api, busy_year, city_clerk, leader, member2_login, unit_contact, county_clerk
):
    url = f"/api/members/{busy_year.pk}/record/?year=2024"
    assert api.as_user(city_clerk).get(url).status_code == 200
    assert api.as_user(leader).get(url).status_code == 200
    for outsider in (member2_login, unit_contact, county_clerk):
        assert api.as_user(outsider).get(url).status_code == 404
    api.logout()
    assert api.get(url).status_code == 401


@pytest.mark.parametrize("query", ["year=abc", "year=1800", "year=99999"])
def test_bad_years_are_400(api, busy_year, member_login, query):
    response = api.as_user(member_login).get(f"/api/members/{busy_year.pk}/record/?{query}")
    assert response.status_code == 400 and "year" in response.json()


def test_record_costs_a_fixed_number_of_queries(api, busy_year, city_clerk):
    client = api.as_user(city_clerk)
    with CaptureQueriesContext(connection) as few:
        client.get(f"/api/members/{busy_year.pk}/record/?year=2024")
    with CaptureQueriesContext(connection) as more:
        client.get(f"/api/members/{busy_year.pk}/record/?year=2023")
    assert len(few) == len(more) <= 25


def test_ranking_is_for_secretariat_and_leaders(
    api, busy_year, member2, city, county, leader, member_login, county_clerk
):
    MemberFactory(committee=county)
    body = api.as_user(leader).get(f"/api/scores/ranking/?committee={city.pk}&year=2024").json()
    assert [row["name"] for row in body["results"]][:2] == ["李明远", "王晓梅"]
    assert body["results"][0]["rank"] == 1 and body["results"][0]["total"] == 137.0
    assert api.as_user(member_login).get(f"/api/scores/ranking/?committee={city.pk}").status_code == 404
    assert api.as_user(county_clerk).get(f"/api/scores/ranking/?committee={city.pk}").status_code == 404
    assert api.as_user(leader).get(f"/api/scores/ranking/?committee={county.pk}").status_code == 200
    assert api.as_user(leader).get("/api/scores/ranking/").status_code == 400
