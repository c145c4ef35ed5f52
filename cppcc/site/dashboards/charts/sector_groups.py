from django.db.models import Count, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from platforms.models import Activity

from ..scope import Scope
from .base import chart, register


@register("sector-groups", gettext_lazy("Sector groups: gatherings and people reached"))
def sector_groups(scope: Scope, title: str) -> dict:
    """Each sector group's "4+X" gatherings in the year and the people they reached. One query."""
    rows = list(
        scope.activities.filter(kind=Activity.Kind.SECTOR_GATHERING, sector_group__isnull=False)
        .values("sector_group_id", "sector_group__name")
        .annotate(n=Count("id"), reached=Coalesce(Sum("people_reached"), 0))
        .order_by("-sector_group__name", "-sector_group_id")
    )
    return chart(
        title,
        "bar",
        [row["sector_group__name"] for row in rows],
        [
            (_("gatherings"), [row["n"] for row in rows]),
            (_("people reached"), [row["reached"] for row in rows]),
        ],
        [scope.link("activities", year=scope.year, sector_group=row["sector_group_id"]) for row in rows],
        horizontal=True,
    )
