from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from proposals.selectors import late

from ..scope import Scope
from .base import chart, register


@register("handling-progress", gettext_lazy("Handling progress per unit"))
def handling_progress(scope: Scope, title: str, limit: int = 15) -> dict:
    """Per handling unit (the busiest first): proposals assigned to it as lead or separate unit,
    replied, and overdue. One query."""
    today = timezone.localdate()
    rows = list(
        scope.assignments.values("unit_id", "unit__name")
        .annotate(
            assigned=Count("id"),
            replied=Count("id", filter=Q(replied_at__isnull=False)),
            overdue=Count("id", filter=late(today)),
        )
        .order_by("-assigned", "unit__name")[:limit]
    )
    rows.reverse()  # a horizontal bar chart draws its first category at the bottom
    return chart(
        title,
        "bar",
        [row["unit__name"] for row in rows],
        [
            (_("assigned"), [row["assigned"] for row in rows]),
            (_("replied"), [row["replied"] for row in rows]),
            (_("overdue"), [row["overdue"] for row in rows]),
        ],
        [scope.link("proposals", registered_year=scope.year, unit=row["unit_id"]) for row in rows],
        horizontal=True,
    )
