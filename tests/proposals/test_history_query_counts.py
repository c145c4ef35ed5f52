"""A proposal's history costs the same number of queries with few entries as with many."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .factories import ProposalFactory

pytestmark = pytest.mark.django_db


def queries(client, proposal) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/api/proposals/{proposal.pk}/history/")
    assert response.status_code == 200
    return len(captured), len(response.json())


def test_history_costs_the_same_for_few_and_many_entries(api, replied, city_session, member, city_clerk):
    client = api.as_user(city_clerk)
    bare = ProposalFactory(session=city_session, proposer=member, state="submitted")
    few, typed_in = queries(client, bare)  # the shortest path to submitted: typed in from paper
    many, entries = queries(client, replied)
    assert typed_in == 1 and entries == 5  # create, submit, register, assign, reply
    assert few == many
