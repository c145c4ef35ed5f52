"""The chart endpoints: the shape charts.js draws, drill-down links to the filtered lists, and a
fixed number of queries whatever the number of records (same count with 5 and with 50)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cppcc.site.dashboards.charts import CHARTS
from opinions.models import Adoption
from platforms.models import Activity, Publication, Visit
from tests.factories import HandlingUnitFactory

from . import factories as f

pytestmark = pytest.mark.django_db


def populate(city, county, unit, n: int) -> None:
    """``n`` records of every kind the charts count, spread over the city and the county."""
    members = [f.member_of(city)]
    for i in range(n):
        committee = city if i % 2 else county
        f.handled(city, unit, replied=bool(i % 3))
        f.proposal(committee, is_key=True)
        f.report(
            committee, events=[("province_cppcc", Adoption.Action.ADOPTED), ("city_government", "instructed")]
        )
        meeting = f.activity(city, Activity.Kind.PLENARY)
        f.attended(meeting, members[0])
        room = f.room(committee)
        f.activity(committee, Activity.Kind.ROOM_DELIBERATION, room=room, problems_solved=2)
        f.activity(
            committee,
            Activity.Kind.THEMATIC_CONSULTATION,
            plan_task=True,
            completed=bool(i % 2),
            topic_source="assigned",
        )
        f.activity(committee, Activity.Kind.READING)
        f.publication(committee, Publication.Level.PROVINCE, Publication.Channel.WECHAT)
        f.visit(committee, f"企业{n}-{i}", Visit.Kind.MEMBER_ENTERPRISE)
    group = f.sector_group(city, founded=2024, sectors=1, leads=1, team=1)
    for _ in range(n):
        f.activity(city, Activity.Kind.SECTOR_GATHERING, sector_group=group, people_reached=10)


def test_every_chart_has_the_shape_charts_js_draws(api, leader, city, county, unit):
    populate(city, county, unit, 3)
    for name in CHARTS:
        response = api.as_user(leader).get(
            f"/api/dashboard/charts/{name}/", {"year": 2024, "committee": city.pk}
        )
        assert response.status_code == 200, name
        spec = response.json()
        assert spec["type"] in {"bar", "stacked", "line", "pie", "funnel"}, name
        assert spec["title"] and spec["series"], name
        for series in spec["series"]:
            assert len(series["data"]) == len(spec["categories"]), name
        if "links" in spec:
            assert len(spec["links"]) == len(spec["categories"]), name
            assert all(link is None or link.startswith("/dashboard/list/") for link in spec["links"]), name


def test_drill_down_links_lead_to_lists_with_the_counted_records(client, leader, city, county, unit):
    populate(city, county, unit, 4)
    client.force_login(leader)
    spec = client.get("/api/dashboard/charts/proposals-by-kind/", {"year": 2024, "committee": city.pk}).json()
    assert spec["categories"] == ["个人提案"] and spec["series"][0]["data"] == [8]
    page = client.get(spec["links"][0])
    assert page.status_code == 200
    listed = page.content.decode()
    assert "共8条记录" in listed and listed.count("<tr>") == 1 + 8  # the header and the eight proposals
    rooms = client.get("/api/dashboard/charts/rooms/", {"year": 2024, "committee": city.pk}).json()
    assert rooms["categories"][:2] == [city.short_name, county.short_name]
    assert rooms["series"][2]["data"][:2] == [4, 4]


def test_unknown_chart_is_404_and_members_are_403(api, leader, member_login, city):
    assert api.as_user(leader).get("/api/dashboard/charts/nothing/").status_code == 404
    assert api.as_user(member_login).get("/api/dashboard/charts/rooms/").status_code == 403


def queries(api, url, params) -> int:
    with CaptureQueriesContext(connection) as context:
        assert api.get(url, params).status_code == 200
    return len(context)


ENDPOINTS = [f"/api/dashboard/charts/{name}/" for name in CHARTS] + [
    "/api/dashboard/report-card/",
    "/api/dashboard/key-proposals/",
    "/api/dashboard/overdue/",
]


def test_each_endpoint_runs_the_same_few_queries_for_5_and_50_records(api, leader, city, county, unit):
    """One dataset for every endpoint (its records go through the services, which takes a while)."""
    api.as_user(leader)
    params = {"year": 2024, "committee": city.pk}
    populate(city, county, unit, 5)
    small = {url: queries(api, url, params) for url in ENDPOINTS}
    populate(city, county, unit, 45)
    assert {url: queries(api, url, params) for url in ENDPOINTS} == small
    assert max(small.values()) <= 25, small


def test_overdue_replies_come_a_page_at_a_time_most_overdue_first(
    api, leader, city, county, unit, other_city
):
    late = [f.handled(city, unit, year=year, replied=False) for year in (2024, 2023, 2025)]
    f.handled(city, unit, replied=True)
    f.handled(other_city, HandlingUnitFactory(committee=other_city), replied=False)
    api.as_user(leader)
    first = api.get("/api/dashboard/overdue/", {"committee": city.pk, "page_size": 2}).json()
    assert first["count"] == 3 and first["next"]
    assert [row["proposal"] for row in first["results"]] == [late[1].pk, late[0].pk]
    assert first["results"][0]["unit_name"] == unit.name and first["results"][0]["due_on"] == "2023-05-01"
    assert first["results"][0]["code"] == late[1].code and late[1].code.endswith("号")
    rest = api.get(first["next"]).json()
    assert [row["proposal"] for row in rest["results"]] == [late[2].pk] and rest["next"] is None
