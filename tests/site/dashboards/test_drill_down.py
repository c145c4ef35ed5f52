"""From any figure of the dashboard to the records behind it and back: every lead figure links to a
list of as many records, the list shows its filters as removable chips and has a search box, its
rows open read-only pages for leaders, and the lists cost the same at 2 and 20 rows."""

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from opinions.models import Adoption
from platforms.models import Activity

from . import factories as f

pytestmark = pytest.mark.django_db


def populate(city, county, unit) -> None:
    f.handled(city, unit, replied=False)
    f.proposal(county, is_key=True)
    f.proposal(city, registered=2023)
    f.report(city, events=[("province_cppcc", Adoption.Action.ADOPTED), ("national_cppcc", "forwarded")])
    f.report(county, events=[("city_party_committee", Adoption.Action.ADOPTED)])
    f.report(county)
    f.activity(city, Activity.Kind.PLENARY)
    f.activity(county, Activity.Kind.INSPECTION)
    f.activity(county, Activity.Kind.READING)
    f.activity(city, Activity.Kind.THEMATIC_CONSULTATION, plan_task=True, completed=True)


def test_every_figure_of_the_card_leads_to_as_many_records(client, leader, city, county, unit):
    populate(city, county, unit)
    client.force_login(leader)
    page = client.get("/dashboard/", {"year": 2024})
    figures = [*page.context["leads"], *(t for g in page.context["groups"] for t in g["tiles"])]
    linked = [tile for tile in figures if tile.link]
    assert len(linked) == 14 and all(tile.link for tile in page.context["leads"])
    assert {tile.value for tile in page.context["leads"]} != {0}
    for tile in linked:
        listed = client.get(tile.link)
        assert listed.status_code == 200, tile
        assert listed.context["page"].paginator.count == tile.value, tile
    html = page.content.decode()
    for tile in page.context["leads"]:
        assert f'href="{tile.link.replace("&", "&amp;")}"' in html


def test_the_list_shows_its_filters_as_chips_that_remove_one_filter_each(client, leader, city, county):
    item = f.proposal(county, is_key=True)
    f.proposal(city)
    client.force_login(leader)
    query = {"within": city.pk, "registered_year": 2024, "category": item.category_id, "is_key": "true"}
    page = client.get("/dashboard/list/proposals/", query)
    chips = {chip.name: chip for chip in page.context["chips"]}
    assert set(chips) == set(query)
    assert chips["within"].value == "聊城市政协" and chips["category"].value == str(item.category)
    assert chips["is_key"].value == "是" and chips["registered_year"].value == "2024"
    html = page.content.decode()
    assert "立案年度：2024" in unescape(html) or "2024" in html
    for name, chip in chips.items():
        assert f'href="?{chip.remove}"' in html.replace("&amp;", "&")
        assert name not in dict(pair.split("=") for pair in chip.remove.split("&"))
    assert page.context["page"].paginator.count == 1


def test_a_chip_names_only_what_the_user_may_read(client, county_leader, city, county):
    client.force_login(county_leader)
    page = client.get("/dashboard/list/proposals/", {"committee": city.pk})
    assert [chip.value for chip in page.context["chips"]] == [str(city.pk)]
    assert "聊城市政协" not in page.content.decode().split("<main", 1)[1]
    page = client.get("/dashboard/list/proposals/", {"committee": county.pk})
    assert [chip.value for chip in page.context["chips"]] == ["东昌府区政协"]


def test_the_list_searches_titles_and_proposal_numbers(client, leader, city):
    first, second = f.proposal(city), f.proposal(city)
    client.force_login(leader)

    def found(term: str) -> list[int]:
        page = client.get("/dashboard/list/proposals/", {"within": city.pk, "q": term})
        return [p.pk for p in page.context["items"]]

    assert found(second.title) == [second.pk]
    assert found(first.code) == [first.pk]
    assert found(f"{first.number:04d}") == [first.pk]
    page = client.get("/dashboard/list/proposals/", {"within": city.pk, "q": first.title}).content.decode()
    assert f'value="{city.pk}"' in page and 'name="within"' in page  # the search keeps the filters


def test_rows_open_read_only_pages_and_lead_back_to_the_list(client, leader, city, county, unit):
    populate(city, county, unit)
    client.force_login(leader)
    for records in ("proposals", "opinions", "activities"):
        page = client.get(f"/dashboard/list/{records}/", {"within": city.pk, "year": 2024}).content.decode()
        links = re.findall(rf'href="(/dashboard/{records}/\d+/\?from=[^"]*)"', page)
        assert links, records
        detail = client.get(unescape(links[0]))
        assert detail.status_code == 200, records
        html = detail.content.decode()
        assert f'href="/dashboard/list/{records}/?within={city.pk}&amp;year=2024"' in html
        assert "<form" not in html.split("<main", 1)[1].split("</main>")[0]  # read-only


def test_a_record_outside_the_leaders_committees_is_404_and_members_are_403(
    client, county_leader, member_login, city, county
):
    theirs = f.proposal(city)
    report = f.report(city)
    act = f.activity(city, Activity.Kind.READING)
    client.force_login(county_leader)
    for url in (
        f"/dashboard/proposals/{theirs.pk}/",
        f"/dashboard/opinions/{report.pk}/",
        f"/dashboard/activities/{act.pk}/",
    ):
        assert client.get(url).status_code == 404, url
    client.force_login(member_login)
    assert client.get(f"/dashboard/proposals/{theirs.pk}/").status_code == 403


def test_proposal_numbers_are_written_one_way(client, leader, city, unit):
    late = f.handled(city, unit, replied=False)
    key = f.proposal(city, is_key=True)
    client.force_login(leader)
    dashboard = client.get("/dashboard/", {"year": 2024}).content.decode()
    listed = client.get("/dashboard/list/proposals/", {"within": city.pk}).content.decode()
    detail = client.get(f"/dashboard/proposals/{key.pk}/").content.decode()
    assert re.fullmatch(r"\S+第\d{4}号", key.code)
    assert key.code in dashboard and late.code in dashboard
    assert key.code in listed and late.code in listed and key.code in detail
    assert f"<td>{key.number}</td>" not in dashboard + listed


def rows_of(client, url: str, params: dict) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(response.context["items"]), len(queries)


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/dashboard/list/proposals/", {"registered_year": 2024, "is_key": "true", "q": "建议"}),
        ("/dashboard/list/opinions/", {"year": 2024, "adopted_by": "province_cppcc", "q": "社情"}),
        ("/dashboard/list/activities/", {"year": 2024, "kind": "reading", "q": "活动"}),
    ],
)
def test_a_filtered_list_costs_the_same_at_2_and_20_rows(client, leader, city, url, params):
    def add(n: int) -> None:
        for _ in range(n):
            f.proposal(city, is_key=True)
            f.report(city, events=[("province_cppcc", Adoption.Action.ADOPTED)])
            f.activity(city, Activity.Kind.READING)

    client.force_login(leader)
    params = {"within": city.pk, **params}
    add(2)
    small = rows_of(client, url, params)
    add(18)
    large = rows_of(client, url, params)
    assert (small[0], large[0]) == (2, 20)
    assert small[1] == large[1]
