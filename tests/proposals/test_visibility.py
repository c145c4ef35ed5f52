"""Who sees which proposals (API.md, "Who sees what"): invisible ones answer 404."""

import pytest

from proposals import services
from tests.factories import HandlingUnitFactory, MemberFactory, SessionFactory, TermFactory

from .factories import ProposalFactory

pytestmark = pytest.mark.django_db


def ids(client):
    return {p["id"] for p in client.get("/api/proposals/?page_size=200").json()["results"]}


@pytest.fixture
def world(
    city, county, city_session, member, member2, category, city_clerk, unit, member_login, member2_login
):
    """A draft and a registered proposal of member2, member's own draft, and a county proposal."""
    others_draft = ProposalFactory(session=city_session, proposer=member2, category=category)
    others_registered = ProposalFactory(session=city_session, proposer=member2, category=category)
    services.proposal_submit(proposal=others_registered, actor=member2_login)
    services.proposal_register(proposal=others_registered, actor=city_clerk)
    own_draft = ProposalFactory(session=city_session, proposer=member, category=category)
    county_session = SessionFactory(term=TermFactory(committee=county))
    county_proposal = ProposalFactory(session=county_session, proposer=MemberFactory(committee=county))
    return {
        "others_draft": others_draft,
        "others_registered": others_registered,
        "own_draft": own_draft,
        "county": county_proposal,
    }


def test_member_sees_own_in_any_state_and_others_from_registration(api, world, member_login):
    client = api.as_user(member_login)
    assert ids(client) == {world["own_draft"].pk, world["others_registered"].pk}
    assert client.get(f"/api/proposals/{world['others_draft'].pk}/").status_code == 404
    assert client.get(f"/api/proposals/{world['county'].pk}/").status_code == 404


def test_invitee_sees_the_draft_they_are_invited_to(api, world, member_login, member):
    from proposals.models import Cosignature

    Cosignature.objects.create(proposal=world["others_draft"], member=member)
    assert world["others_draft"].pk in ids(api.as_user(member_login))


def test_city_clerk_and_leader_see_city_and_county(api, world, city_clerk, leader):
    everything = {p.pk for p in world.values()}
    assert ids(api.as_user(city_clerk)) == everything
    assert ids(api.as_user(leader)) == everything


def test_county_clerk_sees_only_the_county(api, world, county_clerk):
    client = api.as_user(county_clerk)
    assert ids(client) == {world["county"].pk}
    assert client.get(f"/api/proposals/{world['others_registered'].pk}/").status_code == 404


def test_leader_writes_nothing(api, world, leader, unit):
    response = api.as_user(leader).post(
        f"/api/proposals/{world['others_registered'].pk}/assign/",
        {"units": [{"unit": unit.pk, "role": "lead"}]},
        format="json",
    )
    assert response.status_code == 403
    assert (
        api.as_user(leader)
        .patch(f"/api/proposals/{world['others_registered'].pk}/", {"is_key": False})
        .status_code
        == 403
    )


def test_unit_sees_only_what_is_assigned_to_it(api, world, unit, unit_contact, city_clerk, city):
    assert ids(api.as_user(unit_contact)) == set()
    services.proposal_assign(proposal=world["others_registered"], actor=city_clerk, units=[(unit, "lead")])
    other_unit = HandlingUnitFactory(committee=city)
    assert ids(api.as_user(unit_contact)) == {world["others_registered"].pk}
    assert other_unit.pk != unit.pk


def test_county_clerk_cannot_act_on_city_proposals(api, world, county_clerk):
    response = api.as_user(county_clerk).post(f"/api/proposals/{world['others_registered'].pk}/assign/")
    assert response.status_code == 404


def test_history_and_similar_of_invisible_proposals_are_404(api, world, member_login):
    client = api.as_user(member_login)
    assert client.get(f"/api/proposals/{world['others_draft'].pk}/history/").status_code == 404
    assert client.get(f"/api/proposals/{world['others_draft'].pk}/similar/").status_code == 404
