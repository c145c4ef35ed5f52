"""The activities part of a member's duty record (履职档案)."""

import datetime

import pytest

from platforms.selectors import member_record_activities

from .factories import ActivityFactory, AttendanceFactory

pytestmark = pytest.mark.django_db


def test_counts_attended_leave_and_absent_in_the_year(city, member, member2, django_assert_num_queries):
    for status in ("present", "present", "leave_approved", "absent", "leave_requested", "invited"):
        AttendanceFactory(activity=ActivityFactory(committee=city), member=member, status=status)
    AttendanceFactory(
        activity=ActivityFactory(committee=city, date=datetime.date(2023, 12, 31)),
        member=member,
        status="present",
    )
    AttendanceFactory(activity=ActivityFactory(committee=city), member=member2, status="absent")
    with django_assert_num_queries(1):
        record = member_record_activities(member=member, year=2024)
    assert record == {"attended": 2, "leave": 1, "absent": 1}
    assert member_record_activities(member=member, year=2023) == {"attended": 1, "leave": 0, "absent": 0}
