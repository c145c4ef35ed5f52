"""Invariants of activities and platforms: counts never negative, dates sane, one entry per member."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from platforms.models import Activity, Attendance
from tests.factories import MemberFactory

from .factories import ActivityFactory, AttendanceFactory, PublicationFactory, RoomFactory, VisitFactory

pytestmark = pytest.mark.django_db


def _violates(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_counts_cannot_be_negative_in_the_database(city):
    activity = ActivityFactory(committee=city)
    for field in ("suggestions", "problems_found", "problems_solved", "people_reached"):
        _violates(lambda f=field: Activity.objects.filter(pk=activity.pk).update(**{f: -1}))


def test_completed_needs_a_plan_task(city):
    _violates(lambda: ActivityFactory(committee=city, completed=True, plan_task=False))
    assert ActivityFactory(committee=city, completed=True, plan_task=True).pk


def test_an_activity_cannot_end_before_it_starts(city):
    activity = ActivityFactory.build(committee=city, starts_at=datetime.time(15), ends_at=datetime.time(14))
    with pytest.raises(ValidationError) as error:
        activity.full_clean()
    assert "不能早于" in str(error.value) or "cannot end" in str(error.value)


@pytest.mark.parametrize(
    "make",
    [
        lambda city: ActivityFactory(committee=city, date=datetime.date(1900, 1, 1)),
        lambda city: RoomFactory(committee=city, founded_on=datetime.date(1900, 1, 1)),
        lambda city: PublicationFactory(committee=city, published_on=datetime.date(1900, 1, 1)),
        lambda city: VisitFactory(committee=city, date=datetime.date(1900, 1, 1)),
    ],
)
def test_dates_before_the_first_cppcc_are_refused(city, make):
    _violates(lambda: make(city))


def test_a_member_is_on_an_activity_list_once(city, member):
    activity = ActivityFactory(committee=city)
    AttendanceFactory(activity=activity, member=member)
    _violates(lambda: AttendanceFactory(activity=activity, member=member))


def test_only_a_present_member_can_have_spoken(city, member):
    _violates(lambda: AttendanceFactory(activity__committee=city, member=member, status="absent", spoke=True))


def test_platform_entities_and_members_must_share_the_activity_committee(city, county):
    room = RoomFactory(committee=county)
    with pytest.raises(ValidationError) as error:
        ActivityFactory.build(committee=city, room=room).full_clean()
    assert "room" in error.value.message_dict
    attendance = Attendance(activity=ActivityFactory(committee=city), member=MemberFactory(committee=county))
    with pytest.raises(ValidationError) as error:
        attendance.full_clean()
    assert "member" in error.value.message_dict
