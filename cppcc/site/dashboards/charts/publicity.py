from collections import defaultdict

from django.db.models import Count
from django.utils.translation import gettext_lazy

from cppcc.org.roles import in_committees
from platforms.models import Publication

from ..scope import Scope
from .base import chart, register


@register("publicity", gettext_lazy("Publicity by level and channel"))
def publicity(scope: Scope, title: str) -> dict:
    """Publications of the year by the level of the medium, stacked by channel. One query."""
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for level, channel, n in (
        Publication.objects.filter(in_committees(scope.committee_ids), published_on__year=scope.year)
        .values_list("level", "channel")
        .annotate(n=Count("id"))
        .order_by()
    ):
        counts[channel][level] = n
    levels = list(Publication.Level)
    return chart(
        title,
        "stacked",
        [level.label for level in levels],
        [
            (channel.label, [counts[channel.value].get(level.value, 0) for level in levels])
            for channel in Publication.Channel
            if channel.value in counts
        ],
    )
