"""Working days (工作日) by the calendar the secretariat keeps (``CalendarDay``): Monday to Friday,
less the public holidays, plus the weekend days worked instead (调休上班). Periods counted in
working days (the objection period after an assignment) start the day after their start date."""

import datetime

from .models import CalendarDay

WEEKEND = (5, 6)
# Calendar days read ahead for n working days: three per working day plus two weeks, more than the
# longest run without one (春节 or 国庆 with their weekends, nine days) could ever need.
DAYS_PER_WORKING_DAY = 3


def _exceptions(first: datetime.date, last: datetime.date) -> dict[datetime.date, str]:
    """The calendar's holidays and worked weekend days from ``first`` to ``last``, by date."""
    return dict(CalendarDay.objects.filter(date__range=(first, last)).values_list("date", "kind"))


def _is_working(day: datetime.date, exceptions: dict[datetime.date, str]) -> bool:
    kind = exceptions.get(day)
    if kind is not None:
        return kind == CalendarDay.Kind.WORKDAY
    return day.weekday() not in WEEKEND


def add_working_days(start: datetime.date, n: int) -> datetime.date:
    """The ``n``-th working day after ``start`` (``start`` itself does not count); ``start`` for 0.
    One query."""
    if n < 0:
        raise ValueError("n is a number of working days from 0 on")
    if n == 0:
        return start
    last = start + datetime.timedelta(days=DAYS_PER_WORKING_DAY * n + 14)
    exceptions = _exceptions(start, last)
    day, counted = start, 0
    while counted < n:
        day += datetime.timedelta(days=1)
        if _is_working(day, exceptions):
            counted += 1
    return day


def working_days_between(a: datetime.date, b: datetime.date) -> int:
    """The working days after ``a`` up to and including ``b`` (0 where ``b`` is not after ``a``).
    One query."""
    if b <= a:
        return 0
    exceptions = _exceptions(a, b)
    return sum(_is_working(a + datetime.timedelta(days=i), exceptions) for i in range(1, (b - a).days + 1))
