"""POST /api/public/leads/ (anyone, throttled per address) and the secretariat's /api/leads/ with
its screening actions; members read their committee's accepted leads without the sender's name
and phone."""

import pytest
from django.core.cache import cache

from proposals import services
from proposals.models import Lead, LeadState

pytestmark = pytest.mark.django_db

URL = "/api/public/leads/"
TEXT = "建议在人民公园东门增设公交站点，方便老年人出行。"


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


def body(category, **changes):
    return {"description": TEXT, "category": category.pk, **changes}


def test_anyone_sends_a_lead(api, city, category):
    response = api.post(URL, body(category, name="张女士", phone="13900001111"), format="json")
    assert response.status_code == 201, response.data
    lead = Lead.objects.get()
    assert response.data == {"receipt": lead.receipt, "received_at": response.data["received_at"]}
    assert lead.committee == city
    assert (lead.name, lead.phone) == ("张女士", "13900001111")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"website": "x"}, "website", "请保持此栏为空。"),
        ({"description": "太短"}, "description", "请用10至300个字说明情况。"),
        ({"description": "长" * 301}, "description", "请确保这个字段不能超过 300 个字符。"),
        (
            {"description": "看这里 www.example.com 里有详细的情况说明"},
            "description",
            "请用文字说明情况，不要附网址。",
        ),
    ],
)
def test_refusals_in_chinese(api, category, changes, field, message):
    response = api.post(URL, body(category, **changes), format="json")
    assert response.status_code == 400
    assert response.data == {field: [message]}
    assert not Lead.objects.exists()


def test_the_committee_must_own_the_category(api, county, category):
    response = api.post(URL, body(category, committee=county.pk), format="json")
    assert response.status_code == 400
    assert response.data == {"category": ["该类别属于其他政协组织。"]}


def test_throttled_per_address_with_retry_after(api, category):
    for _i in range(5):
        assert api.post(URL, body(category), format="json").status_code == 201
    response = api.post(URL, body(category), format="json")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 3600
    assert "detail" in response.data
    assert api.post(URL, body(category), format="json", REMOTE_ADDR="198.51.100.7").status_code == 201


def test_in_the_schema_without_authentication(api):
    schema = api.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/public/leads/"]["post"]
    assert "security" not in operation
    assert schema["paths"]["/api/leads/"]["get"]["security"]
    assert "429" in operation["responses"]


@pytest.fixture
def leads(city, category, city_clerk):
    received = services.lead_submit(committee=city, description=TEXT, category=category, phone="13900001111")
    accepted = services.lead_submit(committee=city, description=TEXT, category=category, name="张女士")
    services.lead_accept(lead=accepted, actor=city_clerk)
    return received, accepted


def test_the_secretariat_lists_with_private_fields(api, leads, city_clerk):
    api.force_authenticate(city_clerk)
    response = api.get("/api/leads/")
    assert response.status_code == 200
    assert {row["id"] for row in response.data["results"]} == {lead.pk for lead in leads}
    assert {row["phone"] for row in response.data["results"]} == {"13900001111", ""}


def test_a_member_reads_accepted_leads_without_private_fields(api, leads, member_login):
    api.force_authenticate(member_login)
    response = api.get("/api/leads/")
    assert response.status_code == 200
    [row] = response.data["results"]
    assert row["id"] == leads[1].pk
    assert row["state_display"] == "已采纳"
    assert "name" not in row and "phone" not in row
    assert api.get(f"/api/leads/{leads[0].pk}/").status_code == 404


def test_screening_actions(api, leads, city_clerk, member_login):
    received, accepted = leads
    api.force_authenticate(member_login)
    assert (
        api.post(f"/api/leads/{accepted.pk}/decline/", {"reason": "重复"}, format="json").status_code == 403
    )
    api.force_authenticate(city_clerk)
    response = api.post(f"/api/leads/{received.pk}/merge/", {"into": accepted.pk}, format="json")
    assert response.status_code == 200
    assert (response.data["state"], response.data["merged_into"]) == (LeadState.MERGED, accepted.pk)
    response = api.post(f"/api/leads/{received.pk}/accept/", format="json")
    assert response.status_code == 409
    assert response.data["code"] == "invalid_transition"
    response = api.post(f"/api/leads/{accepted.pk}/decline/", {"reason": "重复"}, format="json")
    assert response.status_code == 409


def test_decline_needs_a_reason(api, city, category, city_clerk):
    lead = services.lead_submit(committee=city, description=TEXT, category=category)
    api.force_authenticate(city_clerk)
    assert api.post(f"/api/leads/{lead.pk}/decline/", {}, format="json").status_code == 400
    response = api.post(f"/api/leads/{lead.pk}/decline/", {"reason": "不属政协职能。"}, format="json")
    assert response.status_code == 200
    assert response.data["reason"] == "不属政协职能。"


def test_the_leader_reads_every_lead_without_private_fields(api, leads, leader):
    api.force_authenticate(leader)
    response = api.get("/api/leads/")
    assert {row["id"] for row in response.data["results"]} == {lead.pk for lead in leads}
    assert all("phone" not in row and "name" not in row for row in response.data["results"])
    assert api.post(f"/api/leads/{leads[0].pk}/accept/").status_code == 403
