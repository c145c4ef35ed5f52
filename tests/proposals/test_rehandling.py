"""Rehandling made explicit: the new deadline is the rating date plus the committee's rehandling
period, shown with its reason; the second reply takes the same steps; a second "unsatisfied" is
recorded, leaves the proposal replied, and the secretariat closes it with a note (no third round)."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cppcc.core.workflow import InvalidTransition
from proposals import services
from proposals.models import HandlingRules, State

pytestmark = pytest.mark.django_db


@pytest.fixture
def rehandling(replied, member_login, city):
    HandlingRules.objects.create(committee=city, rehandling_months=2)
    services.proposal_feedback(
        proposal=replied, actor=member_login, satisfaction="unsatisfied", comment="未解决。"
    )
    replied.refresh_from_db()
    return replied


def test_the_deadline_and_its_reason(rehandling):
    assignment = rehandling.assignments.get()
    today = timezone.localdate()
    assert rehandling.state == State.REHANDLING and assignment.rehandling
    assert assignment.started_on == today and assignment.due_on == services.add_months(today, 2)
    assert today.isoformat() in assignment.due_reason


def test_the_reason_in_the_api(api, rehandling, unit_contact):
    body = api.as_user(unit_contact).get(f"/api/proposals/{rehandling.pk}/").json()
    assert body["assignments"][0]["due_reason"].startswith("重新办理")


def test_a_second_unsatisfied_awaits_the_secretariats_note(
    rehandling, unit_contact, member_login, city_clerk
):
    services.proposal_reply(proposal=rehandling, actor=unit_contact, category="B", content="再次答复。")
    services.proposal_feedback(
        proposal=rehandling, actor=member_login, satisfaction="unsatisfied", comment="仍未解决。"
    )
    rehandling.refresh_from_db()
    assert rehandling.state == State.REPLIED and services.awaits_closing_note(rehandling)
    assert rehandling.feedback.filter(satisfaction="unsatisfied").count() == 2
    assert city_clerk.notifications.filter(message__contains="再次").exists()
    with pytest.raises(InvalidTransition):
        services.proposal_feedback(proposal=rehandling, actor=member_login, satisfaction="satisfied")
    with pytest.raises(ValidationError):
        services.proposal_close(proposal=rehandling, actor=city_clerk)
    closed = services.proposal_close(
        proposal=rehandling, actor=city_clerk, note="已两次办理，情况已向委员说明。"
    )
    assert closed.state == State.CLOSED
    assert closed.timeline.filter(action="close", note__contains="两次办理").exists()


def test_close_with_a_note_in_the_api(api, rehandling, unit_contact, member_login, city_clerk):
    services.proposal_reply(proposal=rehandling, actor=unit_contact, category="B", content="再次答复。")
    services.proposal_feedback(proposal=rehandling, actor=member_login, satisfaction="unsatisfied")
    refused = api.as_user(city_clerk).post(f"/api/proposals/{rehandling.pk}/close/", {}, format="json")
    assert refused.status_code == 400 and "note" in refused.json()
    response = api.as_user(city_clerk).post(
        f"/api/proposals/{rehandling.pk}/close/", {"note": "已两次办理。"}, format="json"
    )
    assert response.status_code == 200 and response.json()["state"] == "closed"


def test_satisfied_in_the_second_round_closes(rehandling, unit_contact, member_login):
    services.proposal_reply(proposal=rehandling, actor=unit_contact, category="A", content="已解决。")
    closed = services.proposal_feedback(proposal=rehandling, actor=member_login, satisfaction="satisfied")
    assert closed.state == State.CLOSED
