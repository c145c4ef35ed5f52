"""The secretariat screens public leads in the admin: the list, a bulk accept, and on a lead's page
accept, merge into another or decline with a reason, each through its service. The sender's name
and phone are for the secretariat alone; other committees' leads are not found."""

import pytest

from proposals import services
from proposals.models import Lead, LeadState

from .factories import CategoryFactory

pytestmark = pytest.mark.django_db

TEXT = "建议在人民公园东门增设公交站点，方便老年人出行。"


@pytest.fixture
def lead(city, category):
    return services.lead_submit(committee=city, description=TEXT, category=category, phone="13900001111")


@pytest.fixture
def other(city, category):
    return services.lead_submit(committee=city, description=TEXT + "（二）", category=category)


def page(client, user, lead):
    client.force_login(user)
    return client.get(f"/admin/proposals/lead/{lead.pk}/change/")


def test_the_list_and_a_leads_page(client, city_clerk, lead):
    client.force_login(city_clerk)
    listing = client.get("/admin/proposals/lead/?state__exact=received")
    assert listing.status_code == 200
    assert lead.receipt in listing.content.decode()
    response = page(client, city_clerk, lead)
    assert response.status_code == 200
    html = response.content.decode()
    assert "13900001111" in html
    for form in ("desk-accept", "desk-merge", "desk-decline"):
        assert f'id="{form}"' in html


def test_accept_merge_and_decline(client, city_clerk, lead, other, city, category):
    client.force_login(city_clerk)
    response = client.post(f"/admin/proposals/lead/{lead.pk}/accept/", follow=True)
    assert "已采纳" in response.content.decode()
    client.post(f"/admin/proposals/lead/{other.pk}/merge/", {"into": lead.pk})
    third = services.lead_submit(committee=city, description=TEXT + "（三）", category=category)
    response = client.post(f"/admin/proposals/lead/{third.pk}/decline/", {"reason": ""}, follow=True)
    assert "理由" in response.content.decode()
    assert Lead.objects.get(pk=third.pk).state == LeadState.RECEIVED
    client.post(f"/admin/proposals/lead/{third.pk}/decline/", {"reason": "属个人诉求。"})
    states = dict(Lead.objects.values_list("pk", "state"))
    assert states == {lead.pk: LeadState.ACCEPTED, other.pk: LeadState.MERGED, third.pk: LeadState.DECLINED}
    assert Lead.objects.get(pk=other.pk).merged_into_id == lead.pk
    assert "这条线索已甄别" in page(client, city_clerk, third).content.decode()


def test_bulk_accept(client, city_clerk, lead, other):
    client.force_login(city_clerk)
    client.post(
        "/admin/proposals/lead/",
        {"action": "accept_selected", "_selected_action": [lead.pk, other.pk]},
    )
    assert set(Lead.objects.values_list("state", flat=True)) == {LeadState.ACCEPTED}


def test_the_city_reads_the_countys_leads_and_screens_none(client, city_clerk, county, county_clerk):
    lead = services.lead_submit(
        committee=county, description=TEXT, category=CategoryFactory(committee=county), phone="13900002222"
    )
    response = page(client, city_clerk, lead)
    assert response.status_code == 200
    html = response.content.decode()
    assert "13900002222" in html
    assert 'id="desk-accept"' not in html
    client.post(f"/admin/proposals/lead/{lead.pk}/accept/")
    assert Lead.objects.get(pk=lead.pk).state == LeadState.RECEIVED


def test_another_committees_clerk_finds_nothing(client, county_clerk, lead):
    client.force_login(county_clerk)
    assert lead.receipt not in client.get("/admin/proposals/lead/").content.decode()
    response = client.post(f"/admin/proposals/lead/{lead.pk}/accept/")
    assert response.status_code == 302
    assert Lead.objects.get(pk=lead.pk).state == LeadState.RECEIVED
