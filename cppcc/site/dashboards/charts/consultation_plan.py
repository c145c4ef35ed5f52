from collections import defaultdict

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from platforms.models import Activity

from ..scope import Scope
from .base import chart, register


@register("consultation-plan", gettext_lazy("Consultation plan progress"))
def consultation_plan(scope: Scope, title: str) -> dict:
    """Tasks of the consultation plan, completed or not, by how their topic was chosen. One query."""
    counts: dict[str, dict[bool, int]] = defaultdict(dict)
    for source, completed, n in (
        scope.activities.filter(plan_task=True)
        .values_list("topic_source", "completed")
        .annotate(n=Count("id"))
        .order_by()
    ):
        counts[source][completed] = n
    sources = [(source.value, source.label) for source in Activity.TopicSource] + [("", _("not stated"))]
    return chart(
        title,
        "stacked",
        [label for _value, label in sources],
        [
            (_("completed"), [counts[value].get(True, 0) for value, _label in sources]),
            (_("not yet completed"), [counts[value].get(False, 0) for value, _label in sources]),
        ],
        [
            scope.link("activities", year=scope.year, plan_task="true", topic_source=value or None)
            for value, _label in sources
        ],
    )
