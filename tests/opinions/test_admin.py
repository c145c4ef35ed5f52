"""The secretariat's admin: the review queue and its bulk acceptance, issues and the export."""

import pytest

from opinions.models import OpinionReport

pytestmark = pytest.mark.django_db


def test_the_review_queue_accepts_in_bulk(client, city_clerk, make_report):
    first, second, third = (make_report(state="submitted") for _ in range(3))
    make_report(state="accepted")
    client.force_login(city_clerk)
    queue = client.get("/admin/opinions/reviewqueuereport/")
    assert queue.status_code == 200 and queue.context["cl"].result_count == 3
    assert list(queue.context["action_form"].fields) == ["action", "select_across"]
    client.post(
        "/admin/opinions/reviewqueuereport/",
        {"action": "accept_reports", "_selected_action": [first.pk, second.pk]},
    )
    states = dict(OpinionReport.objects.values_list("pk", "state"))
    assert (states[first.pk], states[second.pk], states[third.pk]) == ("accepted", "accepted", "submitted")


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
