"""GET /api/dashboard/report-card/: the keys of API.md, the Excel and Word exports, bad input."""

import io

import pytest
from docx import Document
from openpyxl import load_workbook

from opinions.models import Adoption

from . import factories as f

pytestmark = pytest.mark.django_db

URL = "/api/dashboard/report-card/"


@pytest.fixture
def records(city, county):
    f.proposal(city)
    f.proposal(county)
    f.report(city, events=[("province_cppcc", Adoption.Action.ADOPTED)])


def test_the_card_has_exactly_the_keys_of_the_api_contract(api, leader, city, records):
    response = api.as_user(leader).get(URL, {"year": 2024, "committee": city.pk})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {
        "year",
        "committee",
        "consultation_tasks_completed",
        "proposals_registered",
        "opinions_submitted",
        "duty_activities",
        "party_learning_sessions",
        "opinions_adopted",
        "visits",
        "deliberation",
        "sector_groups",
        "study",
        "publicity",
    }
    assert set(body["opinions_adopted"]) == {
        "province_cppcc",
        "forwarded_national_cppcc",
        "forwarded_province_party_office",
        "city_party_committee",
    }
    assert set(body["visits"]) == {"chambers_of_commerce", "member_enterprises"}
    assert set(body["deliberation"]) == {"rooms", "activities", "problems_solved"}
    assert set(body["sector_groups"]) == {
        "total",
        "new",
        "sectors",
        "lead_members",
        "team_members",
        "activities",
        "people_reached",
    }
    assert set(body["study"]) == {"learning_activities", "study_rooms", "reading_activities", "lectures"}
    assert set(body["publicity"]) == {"provincial_media_articles", "wechat_posts"}
    assert body["year"] == 2024 and body["committee"] == city.pk
    assert body["proposals_registered"] == 2 and body["opinions_adopted"]["province_cppcc"] == 1


def test_the_default_is_the_users_top_committee(api, leader, city, county):
    body = api.as_user(leader).get(URL, {"year": 2024}).json()
    assert body["committee"] == city.pk


def test_excel_export_holds_every_figure(api, leader, city, records):
    response = api.as_user(leader).get(URL, {"year": 2024, "committee": city.pk, "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert "聊城市政协" in sheet["A1"].value and "2024" in sheet["A1"].value
    assert values["立案提案"] == 2
    assert values["被省政协采用的社情民意信息"] == 1
    assert values["微信公众号发稿"] == 0
    assert len([v for v in values.values() if isinstance(v, int)]) >= 27


def test_word_export_is_a_report_with_title_text_and_figures(api, leader, city, records):
    response = api.as_user(leader).get(URL, {"year": 2024, "committee": city.pk, "format": "docx"})
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "聊城市政协2024年履职成绩单" in text
    assert "立案提案2件" in text and "反映社情民意信息1篇" in text
    cells = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert cells["立案提案"] == "2"
    assert cells["被省政协采用的社情民意信息"] == "1"


@pytest.mark.parametrize(
    "query",
    [
        {"year": "abc"},
        {"year": "1800"},
        {"year": "99999999999999999999"},
        {"committee": "x"},
        {"format": "pdf"},
    ],
)
def test_invalid_parameters_are_400(api, leader, city, query):
    response = api.as_user(leader).get(URL, query)
    assert response.status_code == 400
    assert set(response.json()) <= {"year", "committee", "format"}


@pytest.mark.parametrize("committee", ["other", "huge"])
def test_a_committee_the_user_does_not_oversee_is_404(api, county_leader, city, other_city, committee):
    pk = {"other": other_city.pk, "huge": 2**70}[committee]
    assert api.as_user(county_leader).get(URL, {"committee": pk}).status_code == 404
    assert api.as_user(county_leader).get(URL, {"committee": city.pk}).status_code == 404


def test_leaders_and_secretariat_of_a_committee_or_above_read_it(
    api, leader, city_clerk, county_clerk, county
):
    for user in (leader, city_clerk, county_clerk):
        assert api.as_user(user).get(URL, {"committee": county.pk}).status_code == 200


@pytest.mark.parametrize("persona", ["member_login", "unit_contact"])
def test_members_and_units_have_no_dashboard(api, request, persona, city):
    response = api.as_user(request.getfixturevalue(persona)).get(URL, {"committee": city.pk})
    assert response.status_code == 403


def test_anonymous_is_401(api):
    assert api.get(URL).status_code == 401
