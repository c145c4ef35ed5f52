from django.utils.translation import gettext_lazy

from platforms.models import Activity

from ..scope import Scope
from .base import MONTHS, activities_by_kind_and_month, chart, month_labels, month_links, register

STUDY_KINDS = (Activity.Kind.LEARNING, Activity.Kind.READING, Activity.Kind.LECTURE)


@register("study", gettext_lazy("Study activities per month"))
def study(scope: Scope, title: str) -> dict:
    """Learning activities, reading activities and lectures per month. One query."""
    counts = activities_by_kind_and_month(scope.activities.filter(kind__in=STUDY_KINDS))
    return chart(
        title,
        "stacked",
        month_labels(),
        [(kind.label, [counts[kind.value].get(month, 0) for month in MONTHS]) for kind in STUDY_KINDS],
        month_links(scope),
    )
