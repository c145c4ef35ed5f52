"""GET /api/dashboard/proposal-report/ and its page: the annual proposal work report's figures from
records, in a fixed number of queries, and the Word document's prose."""

import datetime
import io

import pytest
from docx import Document

from cppcc.core.downloads import DOCX
from cppcc.org.models import Sector
from cppcc.site.dashboards import proposal_report
from cppcc.site.dashboards.params import dashboard_choice
from proposals import services as proposal_services
from proposals.models import Proposal
from tests.factories import HandlingUnitFactory, clerk_of, on

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(city, county):
    unit = HandlingUnitFactory(committee=city)
    county_unit = HandlingUnitFactory(committee=county)
    f.handled(city, unit)  # registered, replied A on time, satisfied
    f.handled(city, unit, replied=False)  # registered, assigned, not replied
    f.handled(county, county_unit)  # the county's, counted in the city's report
    key = f.proposal(city, is_key=True, is_excellent=True)
    key.supervisors.add(f.member_of(city))
    f.proposal(city, state="submitted")  # received, not registered yet
    rejected = f.proposal(city, state="submitted")
    with on(datetime.date(2024, 1, 25)):
        proposal_services.proposal_reject(proposal=rejected, actor=clerk_of(city), reason="empty")
    sector = Sector.objects.create(committee=city, name="经济界")
    collective = f.proposal(city)
    Proposal.objects.filter(pk=collective.pk).update(kind="sector", proposer=None, sponsor_sector=sector)
    f.proposal(city, registered=2023)  # another year
    return key


def figures(user, city, year=2024):
    return proposal_report.figures(dashboard_choice(user, {"committee": city.pk, "year": year}).scope)


def test_the_figures_count_the_records(records, city, leader):
    data = figures(leader, city)
    assert (data["received"], data["registered"], data["not_registered"]) == (7, 5, 1)
    assert data["registration_rate"] == 71.4
    assert data["by_source"]["individual"] == 4 and data["by_source"]["collective"] == 1
    assert data["by_source"]["sector"] == {"count": 1, "sponsors": [{"name": "经济界", "count": 1}]}
    assert sum(row["count"] for row in data["by_category"]) == 5
    assert [item["id"] for item in data["key_proposals"]] == [records.pk]
    assert len(data["key_proposals"][0]["supervisors"]) == 1
    assert (data["replies_owed"], data["replies_made"], data["replied_on_time"]) == (3, 2, 2)
    assert data["handled"] == 2 and data["on_time_rate"] == 66.7
    assert data["reply_categories"]["A"] == {"count": 2, "share": 100.0}
    assert data["satisfaction"]["satisfied"] == 2 and data["satisfaction"]["satisfaction_rate"] == 100.0
    assert data["rehandled"] == 0 and data["excellent"] == 1


def test_the_report_costs_a_fixed_number_of_queries(records, city, leader, django_assert_num_queries):
    scope = dashboard_choice(leader, {"committee": city.pk, "year": 2024}).scope
    with django_assert_num_queries(11):
        proposal_report.figures(scope)
    f.handled(city, HandlingUnitFactory(committee=city))
    extra = f.proposal(city, is_key=True)
    extra.supervisors.add(f.member_of(city))
    with django_assert_num_queries(11):
        proposal_report.figures(scope)


def test_the_api_answers_json_for_leaders_and_the_secretariat(api, records, city, leader, city_clerk):
    for user in (leader, city_clerk):
        response = api.as_user(user).get(f"/api/dashboard/proposal-report/?committee={city.pk}&year=2024")
        assert response.status_code == 200
        assert response.json()["registered"] == 5 and response.json()["committee_name"] == city.name


def test_others_are_refused(api, member_login, unit_contact, county_clerk, records, city):
    url = f"/api/dashboard/proposal-report/?committee={city.pk}&year=2024"
    assert api.as_user(member_login).get(url).status_code == 403
    assert api.as_user(unit_contact).get(url).status_code == 403
    assert api.as_user(county_clerk).get(url).status_code == 404
    api.logout()
    assert api.get(url).status_code == 401


@pytest.mark.parametrize("query", ["format=xml", "year=abc", "committee=x"])
def test_bad_input_is_400(api, city, leader, query):
    response = api.as_user(leader).get(f"/api/dashboard/proposal-report/?{query}")
    assert response.status_code == 400


def test_the_word_report_states_the_figures_in_prose(api, records, city, leader):
    response = api.as_user(leader).get(
        f"/api/dashboard/proposal-report/?committee={city.pk}&year=2024&format=docx"
    )
    assert response.status_code == 200 and response["Content-Type"] == DOCX
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "关于2024年度提案工作情况的报告" in text
    assert f"2024年，{city.name}共收到提案7件，经审查立案5件，立案率71.4%" in text
    assert "集体提案1件，其中界别1件（经济界1件）" in text
    headings = [
        p.text for p in document.paragraphs if p.text[:2] in ("一、", "二、", "三、", "四、", "五、", "六、")
    ]
    assert len(headings) == 6
    assert records.title in text
    assert round(document.sections[0].page_width.mm) == 210


def test_the_page_shows_the_report_and_links_the_download(client, records, city, leader):
    client.force_login(leader)
    page = client.get(f"/dashboard/proposal-report/?committee={city.pk}&year=2024").content.decode()
    assert "年度提案工作情况报告" in page and "共收到提案7件" in page
    assert "/api/dashboard/proposal-report/?year=2024" in page and "format=docx" in page
    home = client.get(f"/dashboard/?committee={city.pk}&year=2024").content.decode()
    assert "/dashboard/proposal-report/" in home
