"""The issue list and a report's history cost the same number of queries however many rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .factories import IssueFactory

pytestmark = pytest.mark.django_db


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_issue_list_costs_the_same_at_page_size_10_and_200(api, city_clerk, city, make_report):
    for _ in range(12):
        issue = IssueFactory(committee=city)
        for _ in range(3):
            make_report(state="published", issue=issue)
    client = api.as_user(city_clerk)
    queries(client, "/api/opinion-issues/?page_size=1")  # warm the per-request caches
    small = queries(client, "/api/opinion-issues/?page_size=10")
    assert small == queries(client, "/api/opinion-issues/?page_size=200")
    assert small <= 8


def test_history_costs_the_same_for_few_and_many_entries(api, city_clerk, make_report):
    client = api.as_user(city_clerk)
    submitted = make_report(state="submitted")
    few = queries(client, f"/api/opinions/{submitted.pk}/history/")
    published = make_report(state="published")
    assert len(client.get(f"/api/opinions/{published.pk}/history/").json()) >= 3
    assert queries(client, f"/api/opinions/{published.pk}/history/") == few
