"""Generated from the table of ``platforms/workflow.py``: every transition of an attendance, for every
persona, from every status (tests/lifecycle.py). The attendance is ``member``'s, at a city activity."""

import pytest

from platforms.models import Attendance
from platforms.workflow import attendance_workflow
from tests.lifecycle import compare, matrix, personas, record_in

from .factories import ActivityFactory

pytestmark = pytest.mark.django_db

STAFF = {"city_clerk"}
# Who may take each transition (DOMAIN.md), whatever the status.
WHO = {
    "request_leave": {"member_login"},
    # The member themself; the service also wants the meeting's valid code (test_checkin.py).
    "check_in": {"member_login"},
    "approve_leave": STAFF,
    "refuse_leave": STAFF,
    **{f"record_{status}": STAFF for status in Attendance.Status.values},
}


@pytest.fixture
def attendance_in(city, member):
    activity = ActivityFactory(committee=city)
    return lambda state: record_in(
        attendance_workflow, state, lambda _state: Attendance(activity=activity, member=member)
    )


def test_the_table_names_who_may_take_every_transition():
    assert set(WHO) == {t.name for t in attendance_workflow.transitions}


@pytest.mark.parametrize(("name", "state"), matrix(attendance_workflow))
def test_attendance_transition(request, name, state, attendance_in):
    got, want = compare(
        attendance_workflow, name, state, personas=personas(request), who=WHO[name], record=attendance_in
    )
    assert got == want
