"""Every organisation list costs the same number of queries whatever its size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import HandlingUnitFactory, MemberFactory, SectorFactory, SpecialCommitteeFactory

pytestmark = pytest.mark.django_db

LISTS = ["committees", "sessions", "sectors", "special-committees", "parties", "members", "handling-units"]


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", LISTS)
def test_list_query_count_does_not_grow_with_page_size(api, city_clerk, city, county, city_term, name):
    specials = SpecialCommitteeFactory.create_batch(3, committee=city)
    sector = SectorFactory(committee=city)
    for member in MemberFactory.create_batch(220, committee=city, term=city_term, sector=sector):
        member.special_committees.set(specials[:2])
    SectorFactory.create_batch(220, committee=city)
    HandlingUnitFactory.create_batch(220, committee=county)
    client = api.as_user(city_clerk)
    small = queries_for(client, f"/api/{name}/?page_size=10")
    large = queries_for(client, f"/api/{name}/?page_size=200")
    assert small == large
    # The member list shows the clerk private fields: one audit entry per request (an INSERT, and
    # on PostgreSQL the chain's lock before it).
    audit = (2 if connection.vendor == "postgresql" else 1) if name == "members" else 0
    assert large <= 6 + audit
