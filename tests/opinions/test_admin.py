"""The secretariat's admin: the review queue and its bulk actions, issues and the export."""

import pytest

from opinions.models import OpinionReport

from .factories import IssueFactory

pytestmark = pytest.mark.django_db


def test_the_review_queue_accepts_and_declines_in_bulk(client, city_clerk, make_report):
    first, second, third = (make_report(state="submitted") for _ in range(3))
    make_report(state="accepted")
    client.force_login(city_clerk)
    queue = client.get("/admin/opinions/reviewqueuereport/")
    assert queue.status_code == 200 and queue.context["cl"].result_count == 3
    client.post(
        "/admin/opinions/reviewqueuereport/",
        {"action": "accept_reports", "_selected_action": [first.pk, second.pk]},
    )
    client.post(
        "/admin/opinions/reviewqueuereport/",
        {"action": "decline_reports", "_selected_action": [third.pk], "reason": "内容空泛"},
    )
    states = dict(OpinionReport.objects.values_list("pk", "state"))
    assert (states[first.pk], states[second.pk], states[third.pk]) == ("accepted", "accepted", "declined")


def test_bulk_publish_and_adoption(client, city, city_clerk, make_report):
    reports = [make_report(state="accepted") for _ in range(2)]
    IssueFactory(committee=city, number=35)
    client.force_login(city_clerk)
    ids = [r.pk for r in reports]
    client.post(
        "/admin/opinions/opinionreport/",
        {"action": "publish_reports", "_selected_action": ids, "issue": "2024年第35期"},
    )
    client.post(
        "/admin/opinions/opinionreport/",
        {
            "action": "record_adoptions",
            "_selected_action": ids,
            "body": "province_cppcc",
            "adoption_action": "adopted",
            "date": "2024-05-01",
        },
    )
    for report in OpinionReport.objects.filter(pk__in=ids):
        assert report.state == "published" and report.issue.number == 35
        assert list(report.adoptions.values_list("body", flat=True)) == ["province_cppcc"]


def test_pages_open(client, city, city_clerk, make_report):
    report = make_report(state="published")
    client.force_login(city_clerk)
    for url in (
        "/admin/opinions/opinionreport/",
        f"/admin/opinions/opinionreport/{report.pk}/change/",
        "/admin/opinions/issue/",
        f"/admin/opinions/issue/{report.issue_id}/change/",
        "/admin/opinions/opinionreport/import-ledger/",
        "/admin/opinions/opinionreport/export/",
    ):
        assert client.get(url).status_code == 200, url
