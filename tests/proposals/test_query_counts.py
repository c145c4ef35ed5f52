"""List and detail endpoints cost a fixed number of queries whatever the page size."""

import pytest

from cppcc.org.models import User
from proposals import services
from tests.factories import MemberFactory

from .factories import CosignatureFactory, ProposalFactory

pytestmark = pytest.mark.django_db


def build(city_session, category, city_clerk, unit, member, member_login, count):
    cosigner = MemberFactory(committee=city_session.committee)
    for _ in range(count):
        proposal = ProposalFactory(session=city_session, proposer=member, category=category, kind="joint")
        CosignatureFactory(proposal=proposal, member=cosigner, status="accepted")
        services.proposal_submit(proposal=proposal, actor=member_login)
        services.proposal_register(proposal=proposal, actor=city_clerk)
        services.proposal_assign(proposal=proposal, actor=city_clerk, units=[(unit, "lead")])


def count_queries(client, params):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get("/api/proposals/", params)
    assert response.status_code == 200
    return len(captured), response.json()


@pytest.mark.parametrize("persona", ["city_clerk", "member_login", "unit_contact"])
def test_list_costs_the_same_at_page_size_10_and_200(
    request, api, city_session, category, city_clerk, unit, unit_contact, member, member_login, persona
):
    build(city_session, category, city_clerk, unit, member, member_login, 25)
    user_id = request.getfixturevalue(persona).pk
    # A fresh user object per request, as in production, so each request computes its access.
    small, body_small = count_queries(api.as_user(User.objects.get(pk=user_id)), {"page_size": 10})
    large, body_large = count_queries(api.as_user(User.objects.get(pk=user_id)), {"page_size": 200})
    assert len(body_small["results"]) == 10 and len(body_large["results"]) == 25
    assert small == large
    assert large == 14  # count, page, access (3), cosignatures … attachments, reply labels


def test_detail_query_count_is_fixed(
    api,
    city_session,
    category,
    city_clerk,
    unit,
    unit_contact,
    member,
    member_login,
    django_assert_max_num_queries,
):
    build(city_session, category, city_clerk, unit, member, member_login, 1)
    proposal_id = city_session.proposals.get().pk
    client = api.as_user(city_clerk)
    with django_assert_max_num_queries(16):
        assert client.get(f"/api/proposals/{proposal_id}/").status_code == 200
