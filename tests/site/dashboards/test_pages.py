"""/dashboard/ and its drill-down lists: who may open them, the picker, bad input, and a fixed
number of queries whatever the number of records."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cppcc.site.dashboards.charts import CHARTS
from opinions.models import Adoption
from platforms.models import Activity

from . import factories as f

pytestmark = pytest.mark.django_db


def test_anonymous_users_go_to_the_login_page(client):
    response = client.get("/dashboard/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


@pytest.mark.parametrize("persona", ["member_login", "unit_contact"])
@pytest.mark.parametrize(
    "url",
    ["/dashboard/", "/dashboard/list/proposals/", "/dashboard/list/opinions/", "/dashboard/list/activities/"],
)
def test_members_and_units_are_403(client, request, persona, url):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url).status_code == 403


def test_the_leader_sees_the_card_the_charts_and_the_picker(client, leader, city, county):
    f.proposal(city, is_key=True)
    client.force_login(leader)
    response = client.get("/dashboard/", {"year": 2024})
    page = response.content.decode()
    assert response.status_code == 200
    assert "聊城市政协2024年履职成绩单" in page and "立案提案1件" in page
    charts = re.findall(r'<figure[^>]* data-chart="/api/dashboard/charts/([a-z-]+)/\?year=2024&', page)
    assert sorted(charts) == sorted(CHARTS) and page.count("<figure") == len(CHARTS)
    assert f'<option value="{county.pk}">东昌府区政协</option>' in page
    assert "format=xlsx" in page and "format=docx" in page
    assert "重点提案及督办领导" in page


def test_leaders_land_on_the_dashboard(client, leader):
    client.force_login(leader)
    assert client.get("/").url == "/dashboard/"


def test_bad_input_is_400_and_a_foreign_committee_404(client, county_leader, city):
    client.force_login(county_leader)
    assert client.get("/dashboard/", {"year": "x"}).status_code == 400
    assert client.get("/dashboard/", {"committee": city.pk}).status_code == 404
    assert client.get("/dashboard/list/proposals/", {"registered_year": "99999"}).status_code == 400
    assert client.get("/dashboard/list/activities/", {"year": "1800"}).status_code == 400
    assert client.get("/dashboard/list/opinions/", {"min_level": "galaxy"}).status_code == 400


def test_lists_show_only_what_the_user_reads_filtered(client, county_leader, city, county):
    f.proposal(city)
    mine = f.proposal(county)
    f.activity(county, Activity.Kind.READING)
    f.activity(county, Activity.Kind.LECTURE)
    f.report(county, events=[("province_cppcc", Adoption.Action.ADOPTED)])
    f.report(county)
    client.force_login(county_leader)
    page = client.get("/dashboard/list/proposals/", {"registered_year": 2024}).content.decode()
    assert mine.title in page and page.count("<tr>") == 2
    page = client.get("/dashboard/list/activities/", {"kind": "reading"}).content.decode()
    assert page.count("<tr>") == 2
    page = client.get("/dashboard/list/opinions/", {"min_level": "city"}).content.decode()
    assert page.count("<tr>") == 2 and "省级" in page


def _populate(city, county, n):
    for i in range(n):
        committee = city if i % 2 else county
        f.proposal(committee, is_key=True)
        f.report(committee, events=[("province_cppcc", Adoption.Action.ADOPTED)])
        f.activity(committee, Activity.Kind.READING)


@pytest.mark.parametrize(
    "url",
    ["/dashboard/", "/dashboard/list/proposals/", "/dashboard/list/opinions/", "/dashboard/list/activities/"],
)
def test_pages_cost_the_same_with_5_and_50_records(client, leader, city, county, url):
    client.force_login(leader)
    _populate(city, county, 5)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url, {"year": 2024}).status_code == 200
    _populate(city, county, 45)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url, {"year": 2024}).status_code == 200
    assert len(large) == len(small)
