"""The replica's failures and lag, as the dashboards meet them (cppcc/core/replica.py): a replica that
does not answer is read around (or answered 503 in Chinese, by setting) and tried again later; a
browser that wrote reads the primary until the replica has replayed its write. Both aliases point at
the test database (tests/settings.py); a replica that fails or lags is played by patching it."""

import pytest
from django.db import OperationalError, connections

from cppcc.core import replica
from tests.site.dashboards import factories as f

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])

REPORT_CARD = "/api/dashboard/report-card/"
MESSAGE = "统计数据库暂时无法访问"


@pytest.fixture(autouse=True)
def with_replica(settings):
    settings.REPLICA_DATABASE = "replica"
    replica._retry_at["replica"] = 0.0
    yield
    replica._retry_at["replica"] = 0.0


@pytest.fixture
def records(city):
    f.proposal(city)


@pytest.fixture
def replica_down(monkeypatch):
    attempts = []

    def refuse():
        attempts.append(1)
        raise OperationalError("connection refused")

    monkeypatch.setattr(connections["replica"], "ensure_connection", refuse)
    return attempts


def reads(client, url, **params):
    """The response and which aliases read proposals for it (execute wrappers: they open no connection)."""
    read = set()

    def noting(alias):
        def wrapper(execute, sql, params, many, context):
            if "proposals_proposal" in sql:
                read.add(alias)
            return execute(sql, params, many, context)

        return wrapper

    with (
        connections["default"].execute_wrapper(noting("default")),
        connections["replica"].execute_wrapper(noting("replica")),
    ):
        response = client.get(url, params)
    return response, read


def test_a_replica_that_does_not_answer_is_read_around(api, leader, city, records, replica_down):
    response, read = reads(api.as_user(leader), REPORT_CARD, year=2024, committee=city.pk)
    assert response.status_code == 200 and response.json()["proposals_registered"] == 1
    assert read == {"default"}


def test_it_is_tried_again_only_after_a_pause(api, leader, city, records, replica_down, monkeypatch):
    client = api.as_user(leader)
    reads(client, REPORT_CARD, year=2024, committee=city.pk)
    reads(client, REPORT_CARD, year=2024, committee=city.pk)
    assert len(replica_down) == 1  # the second request did not wait for it
    monkeypatch.undo()  # the replica answers again
    monkeypatch.setattr(replica.time, "monotonic", lambda: replica._retry_at["replica"] + 1)
    response, read = reads(client, REPORT_CARD, year=2024, committee=city.pk)
    assert response.status_code == 200 and read == {"replica"}


def test_by_setting_a_dashboard_without_its_replica_is_a_chinese_503(
    api, client, leader, city, records, replica_down, settings
):
    settings.DATABASE_REPLICA_FALLBACK = "unavailable"
    response = api.as_user(leader).get(REPORT_CARD, {"year": 2024, "committee": city.pk})
    assert response.status_code == 503 and response.headers["Retry-After"] == "5"
    assert response.json()["code"] == "replica_unavailable" and MESSAGE in response.json()["detail"]
    client.force_login(leader)
    page = client.get("/dashboard/", {"year": 2024, "committee": city.pk})
    assert page.status_code == 503 and MESSAGE in page.content.decode()
    # Nothing else notices.
    assert api.as_user(leader).get("/api/proposals/").status_code == 200


def test_a_browser_that_wrote_reads_the_primary_until_the_replica_replayed_it(
    client, leader, city, records, monkeypatch
):
    replayed = []
    monkeypatch.setattr(replica, "_replayed", lambda alias, lsn: replayed.append(lsn) or False)
    client.force_login(leader)
    client.cookies[replica.COOKIE] = "1A/2B3C4D"
    response, read = reads(client, "/dashboard/", year=2024, committee=city.pk)
    assert response.status_code == 200 and read == {"default"} and replayed == ["1A/2B3C4D"]
    monkeypatch.setattr(replica, "_replayed", lambda alias, lsn: True)
    response, read = reads(client, "/dashboard/", year=2024, committee=city.pk)
    assert read == {"replica"}


def test_a_cookie_that_is_no_wal_position_is_ignored(client, leader, city, records, monkeypatch):
    monkeypatch.setattr(replica, "_replayed", lambda alias, lsn: pytest.fail("not a position"))
    client.force_login(leader)
    client.cookies[replica.COOKIE] = "0/0'; DROP TABLE x"
    response, read = reads(client, "/dashboard/", year=2024, committee=city.pk)
    assert response.status_code == 200 and read == {"replica"}


@pytest.mark.postgres
def test_a_write_leaves_the_primarys_wal_position_and_the_replica_compares_it(api, city_clerk, records):
    if connections["default"].vendor != "postgresql":
        pytest.skip("a WAL position is PostgreSQL's")
    client = api.as_user(city_clerk)
    client.get("/api/proposals/")
    assert replica.COOKIE not in client.cookies  # reads leave none
    preferences = {"preferences": [{"kind": "general", "in_app": True}]}
    written = client.put("/api/me/notification-preferences/", preferences, format="json")
    assert written.status_code == 200, written.content
    position = client.cookies[replica.COOKIE].value
    assert replica.LSN.fullmatch(position)
    # This "replica" is the primary itself, not in recovery: it has replayed everything.
    assert replica._replayed("replica", position) is True
