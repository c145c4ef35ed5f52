"""The live server of the browser and fuzzing tests answers concurrent requests, on SQLite too.

With Django's in-memory SQLite test database, pytest-django hands the test thread's connection to
every request thread of the live server. The leader's dashboard fires its twenty chart requests at
once, and two threads on one connection deadlock: CPython's sqlite3 binds a statement's parameters
holding the GIL and waits for SQLite's connection mutex, while the thread holding that mutex, inside
a statement, waits for the GIL to run one of Django's SQL functions written in Python. Nothing runs
again, not even a timeout. pytest-django shares the connection when the live server starts after
the test database exists, as in a full run, where the transactional tests come last (a browser test
run alone starts it first, and passes). tests/settings.py therefore gives SQLite a test database in
a file, so that each request thread opens its own connection."""

import html
import re
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.test import Client
from pytest_django.live_server_helper import LiveServer

from opinions.models import Adoption
from platforms.models import Activity
from tests.site.dashboards import factories as f

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def server(transactional_db):
    """A live server started after the test database exists, as the session's is in a full run."""
    server = LiveServer("localhost")
    yield server
    server.stop()


def test_the_request_threads_share_no_database_connection(server):
    assert server.thread.connections_override == {}


def test_the_dashboard_charts_answer_when_asked_all_at_once(server, leader, city, county, unit):
    f.handled(city, unit)
    f.proposal(county, is_key=True)
    f.report(city, events=[("province_cppcc", Adoption.Action.ADOPTED)])
    f.activity(county, Activity.Kind.ROOM_DELIBERATION, problems_solved=3)
    client = Client()
    client.force_login(leader)
    page = client.get("/dashboard/?year=2024").content.decode()
    charts = [html.unescape(url) for url in re.findall(r'data-chart="([^"]+)"', page)]
    assert len(charts) == 21
    cookie = f"sessionid={client.cookies['sessionid'].value}"

    def status(url: str) -> int:
        request = urllib.request.Request(f"{server.url}{url}", headers={"Cookie": cookie})
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status

    with ThreadPoolExecutor(max_workers=len(charts)) as pool:
        statuses = list(pool.map(status, charts * 2))
    assert statuses == [200] * 2 * len(charts)
