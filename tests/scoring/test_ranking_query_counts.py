"""The ranking costs the same number of queries for a committee of 3 members and of 60."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import MemberFactory, SpecialCommitteeFactory

pytestmark = pytest.mark.django_db


def queries(client, committee) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/api/scores/ranking/?committee={committee.pk}&year=2024")
    assert response.status_code == 200
    return len(captured), len(response.json()["results"])


def test_ranking_costs_the_same_for_few_and_many_members(api, busy_year, leader, city, city_term):
    client = api.as_user(leader)
    few, rows_few = queries(client, city)
    special = SpecialCommitteeFactory(committee=city)
    for member in MemberFactory.create_batch(57, committee=city, term=city_term):
        member.special_committees.add(special)
    many, rows_many = queries(client, city)
    assert rows_many == rows_few + 57
    assert few == many
