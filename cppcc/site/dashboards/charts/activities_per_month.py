from django.utils.translation import gettext_lazy

from platforms.models import Activity

from ..scope import Scope
from .base import MONTHS, activities_by_kind_and_month, chart, month_labels, month_links, register


@register("activities-per-month", gettext_lazy("Activities per month by kind"))
def activities_per_month(scope: Scope, title: str) -> dict:
    """Activities per month, stacked by kind. One query."""
    counts = activities_by_kind_and_month(scope.activities)
    return chart(
        title,
        "stacked",
        month_labels(),
        [
            (kind.label, [counts[kind.value].get(month, 0) for month in MONTHS])
            for kind in Activity.Kind
            if kind.value in counts
        ],
        month_links(scope),
    )
