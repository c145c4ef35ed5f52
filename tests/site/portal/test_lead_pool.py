"""The 线索库 of the member portal: a member reads the accepted public leads of their committee,
without the sender's name and phone, starts a draft proposal from one, and the proposal's page
credits the lead."""

import pytest

from proposals import services
from proposals.models import Proposal
from tests.proposals.factories import CategoryFactory

pytestmark = pytest.mark.django_db

TEXT = "建议在人民公园东门增设公交站点，方便老年人出行。"


@pytest.fixture
def leads(city, county, city_clerk):
    category = CategoryFactory(committee=city, name="城乡建设")
    accepted = services.lead_submit(
        committee=city, description=TEXT, category=category, name="张女士", phone="13900001111"
    )
    services.lead_accept(lead=accepted, actor=city_clerk)
    received = services.lead_submit(
        committee=city, description="尚未甄别的线索，内容暂不公开。", category=category
    )
    county_lead = services.lead_submit(
        committee=county,
        description="区里的线索，与市政协委员无关。",
        category=CategoryFactory(committee=county),
    )
    return accepted, received, county_lead


def test_a_member_reads_the_accepted_leads(client, member_login, leads):
    accepted, received, county_lead = leads
    client.force_login(member_login)
    response = client.get("/portal/leads/")
    assert response.status_code == 200
    page = response.content.decode()
    assert accepted.receipt in page and TEXT in page
    assert "张女士" not in page and "13900001111" not in page
    assert received.receipt not in page and county_lead.receipt not in page
    assert 'href="/portal/leads/"' in page  # the navigation's link
    assert "线索库" in page


def test_only_members_have_a_lead_pool(client, city_clerk, unit_contact, leads):
    for user in (city_clerk, unit_contact):
        client.force_login(user)
        assert client.get("/portal/leads/").status_code == 403


def test_a_draft_from_a_lead_credits_it(client, member_login, city_session, leads):
    accepted = leads[0]
    client.force_login(member_login)
    response = client.post(f"/portal/leads/{accepted.pk}/draft/")
    draft = Proposal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/portal/proposals/{draft.pk}/edit/"
    assert draft.lead == accepted and draft.proposer == member_login.member
    page = client.get(f"/portal/proposals/{draft.pk}/").content.decode()
    assert accepted.receipt in page and "来源线索" in page
    assert draft.title in client.get("/portal/leads/").content.decode()


def test_a_lead_not_accepted_is_not_found(client, member_login, city_session, leads):
    client.force_login(member_login)
    assert client.post(f"/portal/leads/{leads[1].pk}/draft/").status_code == 404
    assert client.post(f"/portal/leads/{leads[2].pk}/draft/").status_code == 404
    assert not Proposal.objects.exists()
