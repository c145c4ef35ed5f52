"""The secretariat's proposal desk: the review queue, bulk register, one-click reject, and export."""

import pytest

from proposals.models import Proposal, State
from tests.admin_export import exported_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk_client(client, city_clerk):
    client.force_login(city_clerk)
    return client


def test_review_queue_lists_submitted_with_similar_candidates(clerk_client, submitted):
    response = clerk_client.get("/admin/proposals/proposal/", {"state__exact": "submitted"})
    assert response.status_code == 200
    assert submitted.title in response.content.decode()


def test_change_page_shows_timeline(clerk_client, registered):
    response = clerk_client.get(f"/admin/proposals/proposal/{registered.pk}/change/")
    assert response.status_code == 200
    assert "register" in response.content.decode()


def test_bulk_register_and_reject(clerk_client, submitted):
    response = clerk_client.post(
        "/admin/proposals/proposal/",
        {"action": "reject_selected", "_selected_action": [submitted.pk], "reason": "empty", "note": ""},
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.state == State.NOT_REGISTERED and submitted.rejection_reason == "empty"


def test_bulk_register(clerk_client, submitted):
    clerk_client.post(
        "/admin/proposals/proposal/", {"action": "register_selected", "_selected_action": [submitted.pk]}
    )
    submitted.refresh_from_db()
    assert submitted.state == State.REGISTERED and submitted.number == 1


def test_assign_from_the_admin(clerk_client, registered, unit):
    clerk_client.post(
        "/admin/proposals/proposal/",
        {"action": "assign_selected", "_selected_action": [registered.pk], "lead_unit": unit.pk},
    )
    registered.refresh_from_db()
    assert registered.state == State.ASSIGNED


def test_export_to_excel(clerk_client, registered, draft):
    rows = exported_rows(clerk_client, "/admin/proposals/proposal/export/?state__exact=registered", Proposal)
    assert rows[0][:4] == ("编号", "案号", "会议", "案由")
    assert [(row[0], row[3]) for row in rows[1:]] == [(str(registered.pk), registered.title)]
