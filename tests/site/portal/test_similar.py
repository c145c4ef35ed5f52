"""/portal/proposals/similar/?title=…: the committee's existing proposals like a title being typed."""

import pytest

from proposals.models import State
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db


def test_similar_registered_proposals_are_listed_most_similar_first(
    client, member_login, member2, city_session, category
):
    parking = ProposalFactory(
        session=city_session,
        proposer=member2,
        category=category,
        title="关于缓解城区停车难问题的建议",
        state=State.REGISTERED,
        number=1,
    )
    ProposalFactory(
        session=city_session,
        proposer=member2,
        category=category,
        title="关于发展乡村旅游的建议",
        state=State.REGISTERED,
        number=2,
    )
    ProposalFactory(  # another member's draft is private
        session=city_session, proposer=member2, category=category, title="关于停车收费的建议"
    )
    client.force_login(member_login)
    results = client.get("/portal/proposals/similar/", {"title": "城区停车难"}).json()["results"]
    assert [r["id"] for r in results] == [parking.pk]
    assert results[0]["url"] == f"/portal/proposals/{parking.pk}/" and results[0]["state_display"] == "已立案"


def test_an_empty_title_finds_nothing(client, member_login):
    client.force_login(member_login)
    assert client.get("/portal/proposals/similar/?title=").json() == {"results": []}


def test_only_members_ask(client, unit_contact):
    client.force_login(unit_contact)
    assert client.get("/portal/proposals/similar/?title=停车").status_code == 403
