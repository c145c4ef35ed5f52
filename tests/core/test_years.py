"""One range of years, 1949 to 2100, and one message wherever a year is typed: the API's parameters
and filters, the dashboards' lists, the portal's and the admin's forms, the score rules' table."""

import pytest
from django.core.exceptions import ValidationError

from cppcc.scoring.admin import YearForm as CopyRulesForm
from cppcc.scoring.models import ScoreRule
from cppcc.site.portal.forms import YearForm

pytestmark = pytest.mark.django_db

MESSAGE = "请输入 1949 至 2100 之间的年份。"
API = [
    "/api/proposals/",
    "/api/opinions/",
    "/api/activities/",
    "/api/dashboard/report-card/",
    "/api/dashboard/charts/rooms/",
    "/api/scores/ranking/",
    "/api/members/{member}/record/",
]


@pytest.mark.parametrize("url", API)
def test_the_api_takes_the_first_and_last_year_and_refuses_those_beyond(api, leader, city, member, url):
    url = url.format(member=member.pk)
    client = api.as_user(leader)
    for year in (1949, 2100):
        assert client.get(url, {"year": year, "committee": city.pk}).status_code == 200, year
    for year in (1948, 2101):
        response = client.get(url, {"year": year, "committee": city.pk})
        assert response.status_code == 400 and response.json() == {"year": [MESSAGE]}, year


@pytest.mark.parametrize("parameter", ["registered_year", "submitted_year"])
def test_the_dashboard_lists_say_the_same(client, leader, parameter):
    client.force_login(leader)
    assert client.get("/dashboard/list/proposals/", {parameter: 2100}).status_code == 200
    response = client.get("/dashboard/list/proposals/", {parameter: 2101})
    assert response.status_code == 400 and MESSAGE in response.content.decode()


@pytest.mark.parametrize("form_class", [YearForm, CopyRulesForm])
def test_the_forms_say_the_same(form_class):
    assert form_class({"year": "1949"}).is_valid()
    for year in ("1948", "2101"):
        assert form_class({"year": year}).errors == {"year": [MESSAGE]}


def test_the_score_rules_table_says_the_same(city):
    rule = ScoreRule(committee=city, year=1948, item="plenary", dimension="meetings", points=1)
    with pytest.raises(ValidationError) as refused:
        rule.validate_constraints()
    assert refused.value.messages == [MESSAGE]
