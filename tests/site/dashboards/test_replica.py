"""With a replica configured, the dashboards read from it and everything else from the primary.
Both aliases point at the same test database (tests/settings.py), so the figures must agree."""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from cppcc.core.replica import replica_reads
from cppcc.org.models import Notification
from cppcc.site.dashboards.selectors import report_card
from platforms.models import Activity

from . import factories as f

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture
def with_replica(settings):
    settings.REPLICA_DATABASE = "replica"


@pytest.fixture
def records(city, county):
    f.proposal(city)
    f.proposal(county)
    f.activity(county, Activity.Kind.PARTY_LEARNING)


def capture(client, url, **params):
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response, primary.captured_queries, replica.captured_queries


def touches(queries, table: str) -> bool:
    return any(table in query["sql"] for query in queries)


@pytest.mark.usefixtures("with_replica")
def test_the_report_card_is_read_from_the_replica(api, leader, city, records):
    response, primary, replica = capture(
        api.as_user(leader), "/api/dashboard/report-card/", year=2024, committee=city.pk
    )
    assert response.json() == report_card(committee=city, year=2024)
    assert response.json()["proposals_registered"] == 2
    assert touches(replica, "proposals_proposal") and touches(replica, "platforms_activity")
    assert not touches(primary, "proposals_proposal") and not touches(primary, "platforms_activity")


@pytest.mark.usefixtures("with_replica")
def test_the_dashboard_page_is_read_from_the_replica(client, leader, city, records):
    client.force_login(leader)
    response, primary, replica = capture(client, "/dashboard/", year=2024, committee=city.pk)
    assert touches(replica, "proposals_proposal")
    assert not touches(primary, "proposals_proposal")


@pytest.mark.usefixtures("with_replica")
def test_other_endpoints_stay_on_the_primary(api, city_clerk, records):
    response, primary, replica = capture(api.as_user(city_clerk), "/api/proposals/")
    assert response.json()["count"] == 2
    assert touches(primary, "proposals_proposal") and not replica


@pytest.mark.usefixtures("with_replica")
def test_writes_inside_replica_reads_go_to_the_primary(leader):
    with replica_reads():
        user = type(leader).objects.get(pk=leader.pk)
        assert user._state.db == "replica"
        Notification.objects.create(user=user, message="测试")
        user.save(update_fields=["name"])
    assert Notification.objects.using("default").filter(user=leader).count() == 1


def test_without_a_replica_the_dashboards_read_the_primary(api, leader, city, records):
    response, primary, replica = capture(
        api.as_user(leader), "/api/dashboard/report-card/", year=2024, committee=city.pk
    )
    assert touches(primary, "proposals_proposal") and not replica
