"""Working days by the seeded calendar (the State Council's arrangements, migration 0006): holidays
on weekdays are not worked, weekend days worked instead (调休) are."""

import datetime
import importlib

import pytest
from django.apps import apps

from cppcc.org.models import CalendarDay
from cppcc.org.workdays import add_working_days, working_days_between

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture(autouse=True)
def seeded_calendar(db):
    """The calendar as its migration seeds it: a transactional test that ran earlier in the same
    pytest-xdist worker flushed it (serially those tests run last)."""
    if not CalendarDay.objects.exists():
        importlib.import_module("cppcc.org.migrations.0006_working_day_calendar").seed_calendar(apps, None)


def test_an_ordinary_week_skips_the_weekend():
    # 2024-03-01 is a Friday: five working days on is the next Friday.
    assert add_working_days(D(2024, 3, 1), 5) == D(2024, 3, 8)
    assert add_working_days(D(2024, 3, 1), 0) == D(2024, 3, 1)


def test_national_day_is_skipped_and_its_saturday_worked():
    # 2024: 10-01 to 10-07 off, Sunday 09-29 and Saturday 10-12 worked.
    assert add_working_days(D(2024, 9, 27), 1) == D(2024, 9, 29)
    assert add_working_days(D(2024, 9, 29), 1) == D(2024, 9, 30)
    assert add_working_days(D(2024, 9, 30), 1) == D(2024, 10, 8)
    assert add_working_days(D(2024, 9, 30), 5) == D(2024, 10, 12)


def test_spring_festival_2025():
    # 2025: 01-28 to 02-04 off; Sunday 01-26 and Saturday 02-08 worked.
    assert add_working_days(D(2025, 1, 24), 1) == D(2025, 1, 26)
    assert add_working_days(D(2025, 1, 27), 1) == D(2025, 2, 5)
    assert working_days_between(D(2025, 1, 27), D(2025, 2, 9)) == 4  # 02-05, 06, 07 and Saturday 08


def test_working_days_between():
    assert working_days_between(D(2024, 3, 1), D(2024, 3, 8)) == 5
    assert working_days_between(D(2024, 3, 8), D(2024, 3, 1)) == 0
    # 2024 has 251 working days: 262 weekdays, less 19 holidays on weekdays, plus 8 weekend days worked.
    assert working_days_between(D(2023, 12, 31), D(2024, 12, 31)) == 251


def test_the_secretariat_adds_a_day_and_it_counts():
    CalendarDay.objects.create(date=D(2024, 3, 4), kind=CalendarDay.Kind.HOLIDAY, name="地方节日")
    assert add_working_days(D(2024, 3, 1), 1) == D(2024, 3, 5)


def test_each_year_is_seeded():
    for year in (2024, 2025, 2026):
        days = CalendarDay.objects.filter(date__year=year)
        assert days.filter(kind="holiday", name__contains="国庆").count() >= 7
        assert days.filter(kind="workday").exists()


def test_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        add_working_days(D(2024, 1, 1), 60)
    with django_assert_num_queries(1):
        working_days_between(D(2024, 1, 1), D(2024, 12, 31))
