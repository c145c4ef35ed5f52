"""What the charts share: the registry every chart module adds itself to, the shape
``static/js/charts.js`` draws, and the months of a year."""

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractMonth
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from platforms.models import Activity

from ..scope import Scope

MONTHS = range(1, 13)


@dataclass(frozen=True)
class Chart:
    name: str  # in /api/dashboard/charts/<name>/
    title: Promise
    draw: Callable[[Scope, str], dict]  # the chart's function: the scope and the translated title

    def data(self, scope: Scope) -> dict:
        return self.draw(scope, str(self.title))


CHARTS: dict[str, Chart] = {}


def register(name: str, title: Promise):
    """Declare a chart of the dashboard: its name in /api/dashboard/charts/<name>/ and its title."""

    def decorate(function):
        CHARTS[name] = Chart(name=name, title=title, draw=function)
        return function

    return decorate


def chart(title, kind: str, categories, series, links=None, horizontal: bool = False) -> dict:
    """A chart in the shape charts.js draws: ``{"title", "type", "categories", "series": [{"name",
    "data"}], "links"?, "horizontal"?}``; its links lead to the dashboard's filtered lists."""
    data = {
        "title": str(title),
        "type": kind,
        "categories": [str(c) for c in categories],
        "series": [{"name": str(name), "data": list(values)} for name, values in series],
    }
    if links is not None:
        data["links"] = links
    if horizontal:
        data["horizontal"] = True
    return data


def month_labels() -> list[str]:
    return [_("month %(month)d") % {"month": month} for month in MONTHS]


def month_links(scope: Scope) -> list[str]:
    """The list of the scope's activities of each month of its year."""
    return [
        scope.link("activities", year=scope.year, date_from=first, date_to=last)
        for first, last in (month_range(scope.year, month) for month in MONTHS)
    ]


def month_range(year: int, month: int) -> tuple[str, str]:
    first = datetime.date(year, month, 1)
    last = (first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)
    return first.isoformat(), last.isoformat()


def activities_by_kind_and_month(activities: QuerySet[Activity]) -> dict[str, dict[int, int]]:
    """How many of the activities each kind has in each month: ``{kind: {month: n}}``. One query."""
    counts: dict[str, dict[int, int]] = defaultdict(dict)
    for kind, month, n in (
        activities.annotate(month=ExtractMonth("date"))
        .values_list("kind", "month")
        .annotate(n=Count("id"))
        .order_by()
    ):
        counts[kind][month] = n
    return counts
