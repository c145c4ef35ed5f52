"""Due dates: three months by default, never past six (extension included); overdue flags and
filters; rehandling after an unsatisfied rating, with a new due date one month on."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cppcc.org.models import Notification
from proposals import services
from proposals.models import Assignment, State
from proposals.services import add_months

pytestmark = pytest.mark.django_db


def test_add_months_clamps_to_month_end():
    assert add_months(datetime.date(2024, 11, 30), 3) == datetime.date(2025, 2, 28)
    assert add_months(datetime.date(2024, 1, 31), 1) == datetime.date(2024, 2, 29)
    assert add_months(datetime.date(2024, 8, 15), 6) == datetime.date(2025, 2, 15)


def test_default_due_date_is_three_months_on(assigned):
    assignment = assigned.assignments.get()
    assert assignment.due_on == add_months(timezone.localdate(), 3)
    assert assignment.assigned_on == timezone.localdate()


def test_due_date_past_six_months_is_refused(registered, city_clerk, unit):
    too_late = add_months(timezone.localdate(), 6) + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        services.proposal_assign(
            proposal=registered, actor=city_clerk, units=[(unit, "lead")], due_on=too_late
        )
    assert "due_on" in error.value.message_dict
    services.proposal_assign(
        proposal=registered,
        actor=city_clerk,
        units=[(unit, "lead")],
        due_on=add_months(timezone.localdate(), 6),
    )
    assert registered.assignments.get().due_on == add_months(timezone.localdate(), 6)


def test_due_date_in_the_past_is_refused(registered, city_clerk, unit):
    with pytest.raises(ValidationError):
        services.proposal_assign(
            proposal=registered,
            actor=city_clerk,
            units=[(unit, "lead")],
            due_on=timezone.localdate() - datetime.timedelta(days=1),
        )


def test_extension_never_passes_six_months(assigned, city_clerk):
    limit = add_months(timezone.localdate(), 6)
    with pytest.raises(ValidationError):
        services.proposal_extend(
            proposal=assigned, actor=city_clerk, due_on=limit + datetime.timedelta(days=1), reason="复杂"
        )
    services.proposal_extend(proposal=assigned, actor=city_clerk, due_on=limit, reason="复杂")
    assert assigned.assignments.get().due_on == limit
    assert assigned.timeline.filter(action="extend").count() == 1


def make_overdue(proposal):
    Assignment.objects.filter(proposal=proposal).update(
        started_on=datetime.date(2024, 1, 1),
        assigned_on=datetime.date(2024, 1, 1),
        due_on=datetime.date(2024, 4, 1),
    )


def test_overdue_flag_and_filter(api, assigned, city_clerk):
    client = api.as_user(city_clerk)
    assert client.get("/api/proposals/", {"overdue": "true"}).json()["count"] == 0
    make_overdue(assigned)
    body = client.get("/api/proposals/", {"overdue": "true"}).json()
    assert body["count"] == 1 and body["results"][0]["overdue"] is True
    assert client.get("/api/proposals/", {"overdue": "false"}).json()["count"] == 0


def test_a_reply_clears_overdue(api, assigned, unit_contact, city_clerk):
    make_overdue(assigned)
    services.proposal_reply(proposal=assigned, actor=unit_contact, category="B", content="列入计划")
    assert api.as_user(city_clerk).get(f"/api/proposals/{assigned.pk}/").json()["overdue"] is False


def test_unsatisfied_rating_sends_it_back_for_a_month(replied, member_login, unit_contact, city_clerk):
    services.proposal_feedback(
        proposal=replied, actor=member_login, satisfaction="unsatisfied", comment="不具体"
    )
    replied.refresh_from_db()
    assert replied.state == State.REHANDLING
    assignment = replied.assignments.get()
    assert assignment.replied_at is None
    assert assignment.due_on == add_months(timezone.localdate(), 1)
    assert Notification.objects.filter(user=unit_contact, message__contains="不满意").exists()
    assert Notification.objects.filter(user=city_clerk, message__contains="不满意").exists()
    # A second reply and a second rating follow the same rules.
    services.proposal_reply(proposal=replied, actor=unit_contact, category="A", content="已落实")
    replied.refresh_from_db()
    assert replied.state == State.REPLIED
    services.proposal_feedback(proposal=replied, actor=member_login, satisfaction="basically_satisfied")
    replied.refresh_from_db()
    assert replied.state == State.CLOSED
    assert [f.satisfaction for f in replied.feedback.all()] == ["unsatisfied", "basically_satisfied"]
    assert replied.replies.count() == 2
    assert list(replied.timeline.values_list("to_state", flat=True))[-4:] == [
        "replied",
        "rehandling",
        "replied",
        "closed",
    ]
